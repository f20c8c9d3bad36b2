import { View } from '@tarojs/components';

/** 「12/40 字」 under a limited field, so nothing is cut without the person seeing why. */
export function FieldCount({ value, max }: { value: string; max: number | null }) {
  if (!max) return null;
  const n = [...value.trim()].length;
  return (
    <View className={`qy-count ${n >= max ? 'qy-count--full' : ''}`} aria-live='polite'>
      {n >= max ? `已到 ${max} 字上限` : `${n}/${max} 字`}
    </View>
  );
}
