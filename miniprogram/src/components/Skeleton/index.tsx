import { View } from '@tarojs/components';

/** Grey cards where a list's rows will be, so a slow network shows the page taking shape. */
export function Skeleton({ rows = 3 }: { rows?: number }) {
  return (
    <View className='qy-skeleton' aria-busy='true'>
      <View className='qy-muted'>正在加载…</View>
      {Array.from({ length: rows }, (_, i) => (
        <View key={i} className='qy-skeleton__card' aria-hidden>
          <View className='qy-skeleton__line qy-skeleton__line--wide' />
          <View className='qy-skeleton__line' />
        </View>
      ))}
    </View>
  );
}
