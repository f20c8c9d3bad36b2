import { render, screen } from '@testing-library/react';
import { Flowchart } from '../../../miniprogram/src/packages/powers/components/Flowchart';

const step = (title: string, status: string, extra: object = {}) => ({
  title,
  role: 'village-cadre' as const,
  actorLabel: '村民委员会',
  limitDays: 3,
  publicity: null,
  localAdded: false,
  status: status as 'done',
  startedAt: '2026-11-23T02:00:00.000Z',
  dueAt: '2026-11-26T15:59:59.999Z',
  doneAt: null,
  actorName: null,
  note: null,
  overdue: false,
  ...extra,
});

describe('Flowchart', () => {
  it('says each step’s status in words, who did the done ones, and highlights the current one with its due date', () => {
    const { container } = render(
      <Flowchart
        steps={[
          step('提出申请', 'done', { role: 'applicant', actorLabel: '申请人', limitDays: 0, doneAt: '2026-11-23T02:00:00.000Z', actorName: '张桂芳' }),
          step('村委会受理登记', 'current', { overdue: true }),
          step('镇政府审核确认', 'pending', { role: 'town-cadre', actorLabel: '镇民政办', publicity: '审核结果公示' }),
        ]}
      />,
    );
    expect(screen.getByText('第2步 村委会受理登记')).toBeTruthy();
    expect(screen.getByText('已完成')).toBeTruthy();
    expect(screen.getByText('正在办理')).toBeTruthy();
    expect(screen.getByText('未开始')).toBeTruthy();
    expect(screen.getByText('超时')).toBeTruthy();
    expect(screen.getByText(/张桂芳/)).toBeTruthy();
    expect(screen.getByText(/前办结/)).toBeTruthy();
    expect(screen.getByText('公开：审核结果公示')).toBeTruthy();
    expect(container.querySelectorAll('.flow__step--current')).toHaveLength(1);
  });

  it('draws a catalogue flowchart without statuses, numbering every step', () => {
    render(<Flowchart steps={[{ title: '村党组织提议', role: 'village-cadre', actorLabel: '村党支部', limitDays: 5, publicity: null, localAdded: false }, { title: '村民代表会议决议', role: 'village-cadre', actorLabel: '村民代表会议', limitDays: 7, publicity: null, localAdded: true }]} />);
    expect(screen.getByText('第1步 村党组织提议')).toBeTruthy();
    expect(screen.getByText(/本村（社区）增加/)).toBeTruthy();
    expect(screen.queryByText('正在办理')).toBeNull();
  });
});
