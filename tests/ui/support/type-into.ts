import { act } from '@testing-library/react';

/** Types into a Taro Input or Textarea (`taro-input-core`, `taro-textarea-core`) as the h5 runtime reports it. */
export function typeInto(el: Element, value: string): void {
  act(() => {
    el.dispatchEvent(new CustomEvent('input', { detail: { value }, bubbles: true }));
  });
}
