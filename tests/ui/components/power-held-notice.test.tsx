import { fireEvent, render, screen } from '@testing-library/react';
import { HeldNotice, MATTER_READERS } from '../../../miniprogram/src/packages/powers/components/HeldNotice';

describe('HeldNotice', () => {
  const held = [
    { field: 'title', reason: '疑似欺诈内容' },
    { field: 'step1Note', reason: '疑似违法犯罪内容' },
  ];

  it('names each held text in words with its reason, and who can read it until it is reviewed', () => {
    render(<HeldNotice held={held} readers={MATTER_READERS} />);
    expect(screen.getByText(/事项名称（原因：疑似欺诈内容）/)).toBeTruthy();
    expect(screen.getByText(/第 2 步的办理意见（原因：疑似违法犯罪内容）/)).toBeTruthy();
    expect(screen.getByText(/只有填写的人和村（社区）及以上干部、村务监督委员会能看到/)).toBeTruthy();
    expect(screen.queryByText('复核放行')).toBeNull();
  });

  it('offers 复核放行 only to someone allowed to release, and shows nothing when nothing is held', () => {
    const onRelease = jest.fn();
    const { container, rerender } = render(<HeldNotice held={held} readers={MATTER_READERS} onRelease={onRelease} />);
    fireEvent.click(screen.getByText('复核放行'));
    expect(onRelease).toHaveBeenCalledTimes(1);
    rerender(<HeldNotice held={undefined} readers={MATTER_READERS} onRelease={onRelease} />);
    expect(container.textContent).toBe('');
  });
});
