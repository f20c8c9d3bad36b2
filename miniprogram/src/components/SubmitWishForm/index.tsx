import { Input, Text, Textarea, View } from '@tarojs/components';
import { Button } from '../Button';
import type { WishView } from '@shared/contracts/wishes';
import { NAME_HIDEABLE_CATEGORIES, WISH_CATEGORIES, WISH_CATEGORY_LABELS } from '@shared/domain/wish-state';
import { WISH_LIMITS, useSubmitWish } from '../../hooks/use-submit-wish';
import { FieldCount } from '../FieldCount';

/** 许个心愿: title, content and a category chosen by tapping; the draft survives failures. */
export function SubmitWishForm({ onSubmitted }: { onSubmitted: (wish: WishView) => void }) {
  const form = useSubmitWish(onSubmitted);
  const { draft, errors } = form;

  return (
    <View>
      {draft.requestId && !form.submitting && (
        <View className='qy-notice'>上次没有提交成功，内容已为您保留，可以直接再次提交。</View>
      )}

      <View className='qy-field'>
        <Text className='qy-label'>心愿是什么（一句话）</Text>
        <Input
          className='qy-input'
          value={draft.title}
          maxlength={WISH_LIMITS.title ?? 40}
          placeholder='例如：想请人帮忙修一下院门'
          onInput={(e) => form.setField('title', e.detail.value)}
        />
        <FieldCount value={draft.title} max={WISH_LIMITS.title} />
        {errors.title && <View className='qy-error'>{errors.title}</View>}
      </View>

      <View className='qy-field'>
        <Text className='qy-label'>说说具体情况</Text>
        <Textarea
          className='qy-textarea'
          value={draft.content}
          maxlength={WISH_LIMITS.content ?? 500}
          placeholder='什么时间、什么地方、需要什么帮助'
          onInput={(e) => form.setField('content', e.detail.value)}
        />
        <FieldCount value={draft.content} max={WISH_LIMITS.content} />
        {errors.content && <View className='qy-error'>{errors.content}</View>}
      </View>

      <View className='qy-field'>
        <Text className='qy-label'>选一个类别</Text>
        <View className='qy-chips' role='radiogroup' aria-label='心愿类别'>
          {WISH_CATEGORIES.map((c) => (
            <View
              key={c}
              role='radio'
              aria-checked={draft.category === c}
              className={`qy-chip ${draft.category === c ? 'qy-chip--on' : ''}`}
              onClick={() => form.setField('category', c)}
            >
              {WISH_CATEGORY_LABELS[c]}
            </View>
          ))}
        </View>
        {errors.category && <View className='qy-error'>{errors.category}</View>}
      </View>

      {draft.category && (NAME_HIDEABLE_CATEGORIES as readonly string[]).includes(draft.category) && (
        <View className='qy-field'>
          <View
            role='switch'
            aria-checked={draft.hideName === true}
            className={`qy-chip ${draft.hideName ? 'qy-chip--on' : ''}`}
            onClick={() => form.setField('hideName', !draft.hideName)}
          >
            {draft.hideName ? '✓ 不公开姓名' : '不公开姓名'}
          </View>
          <View className='qy-muted'>心愿墙上不显示您的姓氏；村（社区）干部和认领的党员仍能看到您的姓名，好联系您。</View>
        </View>
      )}

      {form.formError && <View className='qy-notice'>{form.formError}</View>}

      <Button className='qy-btn' loading={form.submitting} disabled={form.submitting} onClick={() => void form.submit()}>
        提交心愿
      </Button>
    </View>
  );
}
