import { Text, View } from '@tarojs/components';
import './index.scss';

interface Props {
  label: string;
  hint: string;
  badge?: number;
  onTap: () => void;
}

/** A big home-page tile: one thing the person can do here. */
export function Tile({ label, hint, badge, onTap }: Props) {
  return (
    <View className='qy-tile' role='button' aria-label={label} onClick={onTap}>
      <Text className='qy-tile__label'>{label}</Text>
      <Text className='qy-tile__hint'>{hint}</Text>
      {badge ? <Text className='qy-tile__badge'>{`${badge > 99 ? '99+' : badge} 条未读`}</Text> : null}
    </View>
  );
}
