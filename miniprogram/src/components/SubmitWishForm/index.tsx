import { Input, Text, Textarea, View } from '@tarojs/components';
import { Button } from '../Button';
import type { WishView } from '@shared/contracts/wishes';
import { WISH_CATEGORIES, WISH_CATEGORY_LABELS } from '@shared/domain/wish-state';
import { useSubmitWish } from '../../hooks/use-submit-wish';

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
          maxlength={40}
          placeholder='例如：想请人帮忙修一下院门'
          onInput={(e) => form.setField('title', e.detail.value)}
        />
        {errors.title && <View className='qy-error'>标题{errors.title}</View>}
      </View>

      <View className='qy-field'>
        <Text className='qy-label'>说说具体情况</Text>
        <Textarea
          className='qy-textarea'
          value={draft.content}
          maxlength={500}
          placeholder='什么时间、什么地方、需要什么帮助'
          onInput={(e) => form.setField('content', e.detail.value)}
        />
        {errors.content && <View className='qy-error'>内容{errors.content}</View>}
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

      {form.formError && <View className='qy-notice'>{form.formError}</View>}

      <Button className='qy-btn' loading={form.submitting} disabled={form.submitting} onClick={() => void form.submit()}>
        提交心愿
      </Button>
    </View>
  );
}
