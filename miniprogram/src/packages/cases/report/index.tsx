import Taro from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import type { CaseView } from '@shared/contracts/cases';
import { URGENCIES, URGENCY_LABELS } from '@shared/domain/case-catalogue';
import { PageShell } from '../../../components/PageShell';
import { useCaseConfig } from '../../../hooks/use-cases';
import { useCaseReport } from '../../../hooks/use-cases-report';
import './index.scss';
import { ROUTES } from '../../../routes';
import { unitWordOf } from '../../../client/labels';
import { useSession } from '../../../hooks/use-session';

const reported = (kase: CaseView) => {
  void Taro.showToast({ title: '已登记，网格和调委会已收到', icon: 'none' });
  void Taro.redirectTo({ url: ROUTES.cases.detail.url({ id: kase.id }) });
};

/** 排查单 in few steps: tap a type, tap the place, write who and what; the amount is optional. */
export default function ReportCase() {
  const { config, error: configError, reload } = useCaseConfig();
  const word = unitWordOf(useSession().user);
  const places = config?.places ?? [];
  const form = useCaseReport(places[0]?.gridId ?? null, reported);
  const { draft, errors } = form;
  const place = draft.gridId ?? places[0]?.gridId ?? null;
  const forOthers = Boolean(config?.overseer || config?.handler);

  if (!config) {
    return (
      <PageShell>
        {configError ? (
          <View className='qy-notice'>
            <Text>{configError}</Text>
            <Button className='qy-btn qy-btn--plain' onClick={() => void reload()}>
              重新加载
            </Button>
          </View>
        ) : (
          <View className='qy-muted'>正在加载…</View>
        )}
      </PageShell>
    );
  }

  return (
    <PageShell>
      <View className='qy-title'>登记矛盾纠纷</View>
      <View className='qy-muted'>{`登记后，网格党小组和${word}调解委员会马上会收到，${config.deadlineDays.village}天内由${word}里先调解。`}</View>
      {draft.requestId && !form.submitting && <View className='qy-notice'>上次没有提交成功，内容已为您保留，可以直接再次提交。</View>}

      <View className='qy-field'>
        <Text className='qy-label'>是哪一类纠纷</Text>
        <View className='qy-chips' role='radiogroup' aria-label='纠纷类型'>
          {config.types.map((t) => (
            <View key={t.code} role='radio' aria-checked={draft.type === t.code} className={`qy-chip ${draft.type === t.code ? 'qy-chip--on' : ''}`} onClick={() => form.set('type', t.code)}>
              {t.label}
            </View>
          ))}
        </View>
        {errors.type && <View className='qy-error'>{errors.type}</View>}
      </View>

      {places.length > 1 && (
        <View className='qy-field'>
          <Text className='qy-label'>发生在哪里</Text>
          <View className='qy-chips' role='radiogroup' aria-label='发生的网格'>
            {places.map((p) => (
              <View key={p.gridId} role='radio' aria-checked={place === p.gridId} className={`qy-chip ${place === p.gridId ? 'qy-chip--on' : ''}`} onClick={() => form.set('gridId', p.gridId)}>
                {p.unitName}
                {p.gridName}
              </View>
            ))}
          </View>
        </View>
      )}
      {errors.gridId && <View className='qy-error'>{errors.gridId}</View>}

      <View className='qy-field'>
        <Text className='qy-label'>当事人（电话可不填，只给办理人员看）</Text>
        {draft.parties.map((p, i) => (
          <View key={i} className='report__party'>
            <View className='report__party-head'>
              <Text>第{i + 1}位</Text>
              {draft.parties.length > 1 && (
                <View className='report__remove' role='button' onClick={() => form.removeParty(i)}>
                  删去
                </View>
              )}
            </View>
            <Input className='qy-input' value={p.name} maxlength={20} placeholder='姓名' onInput={(e) => form.setParty(i, { name: e.detail.value })} />
            <Input className='qy-input' type='number' value={p.phone} maxlength={13} placeholder='电话（可不填）' onInput={(e) => form.setParty(i, { phone: e.detail.value })} />
          </View>
        ))}
        <Button className='qy-btn qy-btn--plain' onClick={form.addParty}>
          再加一位当事人
        </Button>
        {errors.parties && <View className='qy-error'>{errors.parties}</View>}
      </View>

      <View className='qy-field'>
        <Text className='qy-label'>说说怎么回事</Text>
        <Textarea className='qy-textarea' value={draft.description} maxlength={1000} placeholder='因为什么事、闹到什么程度' onInput={(e) => form.set('description', e.detail.value)} />
        {errors.description && <View className='qy-error'>{errors.description}</View>}
      </View>

      <View className='qy-field'>
        <Text className='qy-label'>涉及多少钱（元，没有可不填）</Text>
        <Input className='qy-input' type='digit' value={draft.amountYuan} placeholder='例如 3000' onInput={(e) => form.set('amountYuan', e.detail.value)} />
        {errors.amountFen && <View className='qy-error'>{errors.amountFen}</View>}
      </View>

      <View className='qy-field'>
        <Text className='qy-label'>急不急</Text>
        <View className='qy-chips' role='radiogroup' aria-label='紧急程度'>
          {URGENCIES.map((u) => (
            <View key={u} role='radio' aria-checked={draft.urgency === u} className={`qy-chip ${draft.urgency === u ? 'qy-chip--on' : ''}`} onClick={() => form.set('urgency', u)}>
              {URGENCY_LABELS[u]}
            </View>
          ))}
        </View>
      </View>

      {forOthers && (
        <View className='qy-field'>
          <Text className='qy-label'>替谁登记（替群众代办时填写）</Text>
          <Input className='qy-input' value={draft.onBehalfOf} maxlength={20} placeholder='反映人姓名（可不填）' onInput={(e) => form.set('onBehalfOf', e.detail.value)} />
        </View>
      )}

      {form.formError && <View className='qy-notice'>{form.formError}</View>}
      <Button className='qy-btn' loading={form.submitting} disabled={form.submitting} onClick={() => void form.submit()}>
        提交排查单
      </Button>
    </PageShell>
  );
}
