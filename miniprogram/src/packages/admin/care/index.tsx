import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import type { CareRecipientView } from '@shared/contracts/admin';
import { CARE_KINDS, CARE_KIND_LABELS, type CareKind } from '@shared/domain/care';
import { Button } from '../../../components/Button';
import { ConfirmDialog, DialogError } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { Skeleton } from '../../../components/Skeleton';
import { namedFieldErrors } from '../../../client/form-errors';
import { useRouteParams } from '../../../client/navigate';
import { adminError, useCareRegister, type CareFields } from '../../../hooks/use-admin';
import { ROUTES } from '../../../routes';

interface Draft {
  name: string;
  kinds: CareKind[];
  address: string;
  phone: string;
  contactName: string;
  contactPhone: string;
  note: string;
}
type Field = keyof Draft;
const LABELS: Record<Field, string> = { name: '姓名', kinds: '关爱类别', address: '住址', phone: '本人电话', contactName: '家属', contactPhone: '家属电话', note: '情况说明' };
const EMPTY: Draft = { name: '', kinds: [], address: '', phone: '', contactName: '', contactPhone: '', note: '' };

const draftOf = (r: CareRecipientView): Draft => ({ name: r.name, kinds: r.kinds, address: r.address, phone: '', contactName: r.contactName ?? '', contactPhone: '', note: r.note });

/** Empty optional fields are left out; numbers left blank when changing an entry keep the ones on file. */
function fieldsOf(d: Draft, editing: CareRecipientView | null): CareFields {
  const opt = (v: string) => (v.trim() ? v.trim() : null);
  return {
    name: d.name,
    kinds: d.kinds,
    address: d.address,
    note: d.note,
    contactName: opt(d.contactName),
    ...(d.phone.trim() || !editing ? { phone: opt(d.phone) } : {}),
    ...(d.contactPhone.trim() || !editing ? { contactPhone: opt(d.contactPhone) } : {}),
  };
}

/** 关爱对象: the grid's 独居老人, 留守儿童, 残疾人 and 重病 neighbours, kept by its grid leader and village cadres. */
export default function CarePage() {
  const params = useRouteParams(ROUTES.admin.care);
  const [gridId, setGridId] = useState<string | null>(params.gridId ?? null);
  const care = useCareRegister(gridId);
  const [editing, setEditing] = useState<CareRecipientView | 'new' | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [removing, setRemoving] = useState<CareRecipientView | null>(null);

  const open = (target: CareRecipientView | 'new') => {
    setEditing(target);
    setDraft(target === 'new' ? EMPTY : draftOf(target));
    setErrors({});
    setFormError(null);
  };
  const set = <F extends Field>(f: F, v: Draft[F]) => setDraft((d) => ({ ...d, [f]: v }));
  const toggleKind = (k: CareKind) => set('kinds', draft.kinds.includes(k) ? draft.kinds.filter((x) => x !== k) : [...draft.kinds, k]);

  const save = async () => {
    if (!editing) return;
    setSaving(true);
    setErrors({});
    setFormError(null);
    try {
      const current = editing === 'new' ? null : editing;
      if (current) await care.update(current.id, fieldsOf(draft, current));
      else await care.add(fieldsOf(draft, null));
      setEditing(null);
      void Taro.showToast({ title: current ? '已保存' : '已登记', icon: 'none' });
    } catch (e) {
      const named = namedFieldErrors(e, LABELS);
      setErrors(named);
      if (Object.keys(named).length === 0) setFormError(adminError(e));
    } finally {
      setSaving(false);
    }
  };

  const call = async (r: CareRecipientView) => {
    try {
      const c = await care.contact(r.id);
      const number = c.phone ?? c.contactPhone;
      if (number) await Taro.makePhoneCall({ phoneNumber: number }).catch(() => undefined);
    } catch (e) {
      void Taro.showToast({ title: adminError(e), icon: 'none' });
    }
  };

  return (
    <PageShell>
      <View className='qy-title'>关爱对象</View>
      <View className='qy-muted'>网格里需要常去看看的人：独居老人、留守儿童、残疾人、重病人员。只有本网格的网格长和村（社区）、镇、县干部能看到。</View>
      {care.error && <View className='qy-notice'>{care.error}</View>}
      {care.grids.length > 1 && (
        <View className='qy-chips' role='radiogroup' aria-label='网格'>
          {care.grids.map((g) => (
            <View key={g.gridId} role='radio' aria-checked={g.gridId === care.gridId} className={`qy-chip ${g.gridId === care.gridId ? 'qy-chip--on' : ''}`} onClick={() => setGridId(g.gridId)}>
              {`${g.gridName}（${g.count} 人）`}
            </View>
          ))}
        </View>
      )}
      {!care.loading && care.grids.length === 0 && !care.gridId && <View className='qy-card qy-muted'>您不是网格长或村（社区）干部，没有要照看的关爱名单。</View>}
      {care.loading && care.items.length === 0 && <Skeleton rows={3} />}
      {care.gridId && !care.loading && (
        <View className='qy-section-title'>{`${care.gridName}：${care.items.length} 人`}</View>
      )}
      {care.items.map((r) => (
        <View key={r.id} className='qy-card'>
          <Text className='qy-label'>{`${r.name} · ${r.kindsLabel}`}</Text>
          <View className='qy-muted'>{r.address}</View>
          {(r.phoneMasked || r.contactPhoneMasked) && (
            <View className='qy-muted'>{[r.phoneMasked && `本人 ${r.phoneMasked}`, r.contactPhoneMasked && `${r.contactName ?? '家属'} ${r.contactPhoneMasked}`].filter(Boolean).join(' · ')}</View>
          )}
          {r.note && <View>{r.note}</View>}
          <View className='qy-actions'>
            {(r.phoneMasked || r.contactPhoneMasked) && <Button className='qy-btn' onClick={() => void call(r)}>打电话</Button>}
            {r.canEdit && <Button className='qy-btn qy-btn--ghost' onClick={() => open(r)}>修改</Button>}
            {r.canEdit && <Button className='qy-btn qy-btn--ghost' onClick={() => setRemoving(r)}>移出名单</Button>}
          </View>
        </View>
      ))}
      {care.canEdit && !editing && <Button className='qy-btn' onClick={() => open('new')}>登记一位关爱对象</Button>}

      {editing && (
        <View className='qy-card'>
          <View className='qy-section-title'>{editing === 'new' ? '登记关爱对象' : `修改：${editing.name}`}</View>
          <View className='qy-field'>
            <Text className='qy-label'>{LABELS.name}</Text>
            <Input className='qy-input' value={draft.name} maxlength={20} onInput={(e) => set('name', e.detail.value)} />
            {errors.name && <View className='qy-error'>{errors.name}</View>}
          </View>
          <View className='qy-field'>
            <Text className='qy-label'>{`${LABELS.kinds}（可多选）`}</Text>
            <View className='qy-chips'>
              {CARE_KINDS.map((k) => (
                <View key={k} role='checkbox' aria-checked={draft.kinds.includes(k)} className={`qy-chip ${draft.kinds.includes(k) ? 'qy-chip--on' : ''}`} onClick={() => toggleKind(k)}>
                  {CARE_KIND_LABELS[k]}
                </View>
              ))}
            </View>
            {errors.kinds && <View className='qy-error'>{errors.kinds}</View>}
          </View>
          <View className='qy-field'>
            <Text className='qy-label'>{LABELS.address}</Text>
            <Input className='qy-input' value={draft.address} maxlength={60} placeholder='例如：冯坊1组3号，村口往东第二家' onInput={(e) => set('address', e.detail.value)} />
            {errors.address && <View className='qy-error'>{errors.address}</View>}
          </View>
          <View className='qy-field'>
            <Text className='qy-label'>{LABELS.phone}</Text>
            <Input className='qy-input' type='number' value={draft.phone} maxlength={13} placeholder={editing !== 'new' && editing.phoneMasked ? `已留 ${editing.phoneMasked}，不改可不填` : '没有可不填'} onInput={(e) => set('phone', e.detail.value)} />
            {errors.phone && <View className='qy-error'>{errors.phone}</View>}
          </View>
          <View className='qy-field'>
            <Text className='qy-label'>{LABELS.contactName}</Text>
            <Input className='qy-input' value={draft.contactName} maxlength={20} placeholder='例如：儿子、女儿' onInput={(e) => set('contactName', e.detail.value)} />
            {errors.contactName && <View className='qy-error'>{errors.contactName}</View>}
          </View>
          <View className='qy-field'>
            <Text className='qy-label'>{LABELS.contactPhone}</Text>
            <Input className='qy-input' type='number' value={draft.contactPhone} maxlength={13} placeholder={editing !== 'new' && editing.contactPhoneMasked ? `已留 ${editing.contactPhoneMasked}，不改可不填` : '没有可不填'} onInput={(e) => set('contactPhone', e.detail.value)} />
            {errors.contactPhone && <View className='qy-error'>{errors.contactPhone}</View>}
          </View>
          <View className='qy-field'>
            <Text className='qy-label'>{LABELS.note}</Text>
            <Textarea className='qy-textarea' value={draft.note} maxlength={200} placeholder='身体情况、平时谁照看、上门要注意什么' onInput={(e) => set('note', e.detail.value)} />
            {errors.note && <View className='qy-error'>{errors.note}</View>}
          </View>
          {formError && <View className='qy-notice'>{formError}</View>}
          <View className='qy-actions'>
            <Button className='qy-btn' loading={saving} disabled={saving} onClick={() => void save()}>保存</Button>
            <Button className='qy-btn qy-btn--ghost' onClick={() => setEditing(null)}>取消</Button>
          </View>
        </View>
      )}
      <ConfirmDialog
        spec={removing ? { title: '移出关爱名单', message: `把${removing.name}移出名单？记录会保留。`, confirmText: '移出', input: { label: '原因', placeholder: '例如：搬到县城和子女同住', required: true, maxLength: 100 } } : null}
        onConfirm={async (reason) => {
          try {
            await care.remove(removing!.id, reason);
          } catch (e) {
            throw new DialogError(adminError(e));
          }
        }}
        onClose={() => setRemoving(null)}
      />
    </PageShell>
  );
}
