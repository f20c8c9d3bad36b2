import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { levelBodyLabel, LEVEL_LABELS, RISK_LABELS, SATISFACTION_LABELS, URGENCY_LABELS } from '@shared/domain/case-catalogue';
import { CASE_STATUS_LABELS, FOLLOW_UP_KIND_LABELS, SHEETS, SHEET_LABELS, type Sheet } from '@shared/domain/case-state';
import { CASE_TEXT, caseTextLabel } from '@shared/domain/case-moderation';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { useCase } from '../../../hooks/use-cases';
import { moneyForPeople } from '@shared/domain/money';
import { casesContract } from '@shared/contracts/cases';
import { ApiError } from '../../../client/cloud';
import { wordedError } from '../../../client/error-text';
import { formatDate, formatDay } from '../../../client/format';
import { HeldNotice, RELEASE_DIALOG } from './held';
import { AssessForm, ConcludeForm, FollowUpForm, SessionForm } from './sheets';
import './index.scss';
import { useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';
import { caseTypeTitle } from '@shared/domain/labels-for-people';
import { unitWordOf } from '../../../client/labels';
import { useSession } from '../../../hooks/use-session';

const releaseErrorText = wordedError(casesContract, 'release', { CONFLICT: '这些内容已经有人放行了', FORBIDDEN: '只有承办这件纠纷的其他人员可以放行' });

function stepClass(sheet: Sheet, next: Sheet | null): string {
  if (next === null) return 'case__step case__step--done';
  const i = SHEETS.indexOf(sheet);
  const n = SHEETS.indexOf(next);
  return i < n ? 'case__step case__step--done' : i === n ? 'case__step case__step--now' : 'case__step';
}

export default function CaseDetail() {
  const params = useRouteParams(ROUTES.cases.detail);
  const { kase, loading, error, reload, act, release, propose } = useCase(params.id);
  const [releasing, setReleasing] = useState(false);
  const { user } = useSession();

  const confirmRelease = async () => {
    try {
      await release();
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'CONFLICT' || e.code === 'FORBIDDEN')) void reload();
      throw new Error(releaseErrorText(e));
    }
    setReleasing(false);
    void Taro.showToast({ title: '已放行', icon: 'none' });
  };

  if (loading && !kase) return <PageShell><View className='qy-muted'>正在加载…</View></PageShell>;
  if (!kase) {
    return (
      <PageShell>
        <View className='qy-notice'>{error ?? '没有找到这个纠纷'}</View>
        <Button className='qy-btn qy-btn--plain' onClick={() => void reload()}>
          重新加载
        </Button>
      </PageShell>
    );
  }

  const can = (a: (typeof kase.allowed)[number]) => kase.allowed.includes(a);
  const refresh = () => void reload();
  return (
    <PageShell>
      <View className='detail__head'>
        <Text className='qy-title detail__title'>{caseTypeTitle(kase.typeLabel)}</Text>
        <Text className='case__status'>{CASE_STATUS_LABELS[kase.status]}</Text>
      </View>
      <View className='qy-muted'>
        {kase.unitName} · {kase.gridName} · 现由{levelBodyLabel(kase.level, kase.unitName)}办理 · {URGENCY_LABELS[kase.urgency]}
      </View>
      {kase.deadlineText && <View className={kase.overdue ? 'case__due case__due--over' : 'case__due'}>办理期限：{kase.deadlineText}</View>}
      {kase.escalations > 0 && <View className='qy-muted'>已上交上级 {kase.escalations} 次，之前的调解记录随案移交。</View>}

      {kase.held && kase.held.length > 0 && (
        <View className='qy-card case__review'>
          <View className='case__fact'>
            有 {kase.held.length} 处内容正在复核：{kase.held.map((h) => caseTextLabel(h.field)).join('、')}。
          </View>
          {can('release') && (
            <Button className='qy-btn' onClick={() => setReleasing(true)}>
              复核放行
            </Button>
          )}
        </View>
      )}

      <View className='case__steps'>
        {SHEETS.map((s) => (
          <View key={s} className={stepClass(s, kase.nextSheet)}>
            {SHEET_LABELS[s]}
          </View>
        ))}
      </View>

      <View className='qy-section-title'>排查单</View>
      <View className='qy-card'>
        <View className='case__fact'>{kase.description}</View>
        <HeldNotice kase={kase} field={CASE_TEXT.description} />
        {kase.amountFen > 0 && <View className='case__fact'>涉及金额：{moneyForPeople(kase.amountFen)}</View>}
        {kase.screening.place && <View className='case__fact'>地点：{kase.screening.place}</View>}
        <HeldNotice kase={kase} field={CASE_TEXT.place} />
        <View className='qy-muted'>
          {kase.screening.byName}登记{kase.screening.onBehalfOf ? `（代${kase.screening.onBehalfOf}反映）` : ''} · {formatDate(kase.screening.at)}
        </View>
        {kase.repeat && <View className='qy-notice'>这些当事人之前发生过纠纷，属于反复纠纷。</View>}
        {kase.parties.map((p, i) => (
          <View key={i} className='case__party'>
            <Text>
              {p.name} {p.phoneMasked ?? ''}
            </Text>
            {p.phone && (
              <View className='case__call' role='button' onClick={() => void Taro.makePhoneCall({ phoneNumber: p.phone! })}>
                打电话
              </View>
            )}
          </View>
        ))}
      </View>

      <View className='qy-section-title'>研判单</View>
      {kase.assessment ? (
        <View className='qy-card'>
          <View className='case__fact'>
            风险等级：{RISK_LABELS[kase.assessment.risk]} · 由{LEVEL_LABELS[kase.assessment.level]}办理
          </View>
          <View className='qy-muted'>系统建议：{kase.assessment.proposedExplanation}</View>
          {kase.assessment.lowerReason && <View className='case__fact'>低于建议层级的理由：{kase.assessment.lowerReason}</View>}
          <HeldNotice kase={kase} field={CASE_TEXT.lowerReason} />
          {kase.assessment.note && <View className='case__fact'>研判意见：{kase.assessment.note}</View>}
          <HeldNotice kase={kase} field={CASE_TEXT.assessmentNote} />
          <View className='qy-muted'>
            {kase.assessment.byName} · {formatDate(kase.assessment.at)}
          </View>
        </View>
      ) : can('assess') ? (
        <AssessForm act={act} propose={propose} onConflict={refresh} />
      ) : (
        <View className='qy-muted'>{`等待${unitWordOf(user)}里研判`}</View>
      )}

      <View className='qy-section-title'>调解单</View>
      {kase.sessions.map((s, i) => (
        <View key={i} className='case__entry'>
          <View className='case__fact'>
            {formatDay(s.date)} · {LEVEL_LABELS[s.level]} · {s.mediatorName}主持
          </View>
          <View className='qy-muted'>参加：{s.participants.join('、')}</View>
          <View>{s.summary}</View>
          <HeldNotice kase={kase} field={CASE_TEXT.sessionSummary(i)} />
        </View>
      ))}
      {kase.outcomes.map((o, i) => (
        <View key={`o${i}`} className='qy-card'>
          <View className='case__fact'>
            {LEVEL_LABELS[o.level]}调解{o.outcome === 'agreed' ? '成功' : '未成'} · {o.byName}
          </View>
          {o.agreement && <View>协议：{o.agreement}（签字：{o.signedBy.join('、')}）</View>}
          <HeldNotice kase={kase} field={CASE_TEXT.agreement(i)} />
          {o.reason && <View>原因：{o.reason}</View>}
          <HeldNotice kase={kase} field={CASE_TEXT.failReason(i)} />
        </View>
      ))}
      {kase.sessions.length === 0 && kase.outcomes.length === 0 && !can('recordSession') && <View className='qy-muted'>还没有调解记录</View>}
      {can('recordSession') && <SessionForm kase={kase} act={act} onConflict={refresh} />}
      {can('conclude') && <ConcludeForm kase={kase} act={act} onConflict={refresh} />}

      <View className='qy-section-title'>回访单</View>
      {kase.followUpDueAt && <View className='case__fact'>计划回访：{formatDate(kase.followUpDueAt)}</View>}
      {kase.followUps.map((f, i) => (
        <View key={i} className='case__entry'>
          <View className='case__fact'>
            {FOLLOW_UP_KIND_LABELS[f.kind]}：{f.held ? '协议履行良好' : '纠纷反复'} · {SATISFACTION_LABELS[f.satisfaction]} · {f.byName}
          </View>
          {f.note && <View>{f.note}</View>}
          {f.earlyReason && <View>提前结案原因：{f.earlyReason}</View>}
          <HeldNotice kase={kase} field={CASE_TEXT.followUpNote(i)} />
          <View className='qy-muted'>{formatDate(f.at)}</View>
        </View>
      ))}
      {can('followUp') && <FollowUpForm act={act} onConflict={refresh} due={kase.followUpDue} dueAt={kase.followUpDueAt} />}
      {!kase.followUpDueAt && kase.followUps.length === 0 && <View className='qy-muted'>调解成功后安排回访</View>}

      <View className='qy-section-title'>办理经过</View>
      <View className='detail__timeline'>
        {kase.timeline.map((e, i) => (
          <View key={`${e.at}-${i}`} className='detail__event'>
            <View>
              <Text className='detail__event-action case__event-action'>{e.action}</Text>
              <Text className='qy-muted'>
                {e.actorName} · {LEVEL_LABELS[e.level]}
              </Text>
            </View>
            <View className='qy-muted'>{formatDate(e.at)}</View>
            {e.note && <View>{e.note}</View>}
          </View>
        ))}
      </View>

      <ConfirmDialog spec={releasing ? RELEASE_DIALOG : null} onConfirm={confirmRelease} onClose={() => setReleasing(false)} />
    </PageShell>
  );
}
