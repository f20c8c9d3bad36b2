/**
 * Stands in for ConfirmDialog (NutUI's Dialog needs the mini-program runtime): an open dialog is one
 * button with its confirm words that confirms with `text`. Use inside jest.mock:
 * `jest.mock('…/components/ConfirmDialog', () => require('../support/confirm-dialog').confirmingWith('…'))`.
 */
export function confirmingWith(text: string) {
  return {
    ConfirmDialog: ({ spec, onConfirm }: { spec: { title: string; confirmText: string } | null; onConfirm: (t: string) => Promise<void> }) =>
      spec ? <button onClick={() => void onConfirm(text).catch(() => undefined)}>{spec.confirmText}</button> : null,
  };
}
