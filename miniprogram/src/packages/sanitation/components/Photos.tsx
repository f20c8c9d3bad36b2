import { Image, View } from '@tarojs/components';
import { PHOTO_STATUS_LABELS } from '@shared/domain/photos';
import type { PhotoView } from '../../../hooks/use-sanitation';

/** Photos with their check state for their author (审核中 / 未通过); others only ever receive passed ones. */
export function Photos({ photos, title }: { photos: readonly Pick<PhotoView, 'id' | 'url' | 'status' | 'mine'>[]; title?: string }) {
  if (!photos.length) return null;
  return (
    <View className='qy-card'>
      {title && <View className='qy-label'>{title}</View>}
      <View className='qy-san-photos'>
        {photos.map((p) => (
          <View key={p.id} className='qy-san-photo'>
            {p.url && <Image src={p.url} mode='aspectFill' className='qy-san-photo__img' />}
            {p.status !== 'pass' && <View className='qy-muted'>{PHOTO_STATUS_LABELS[p.status]}</View>}
          </View>
        ))}
      </View>
    </View>
  );
}
