import { Text, View } from '@tarojs/components';
import { Icon, type IconName } from '../Icon';
import './index.scss';

interface Props {
  label: string;
  hint: string;
  icon?: IconName;
  /** Unread messages on the 消息 tile. */
  badge?: number;
  /** The 待办 words (「3 条心愿待审核」): the tile then stands in 我的待办, full width. */
  todoText?: string;
  onTap: () => void;
}

/** A home-page tile: one thing the person can do here, an icon over its name (浙里办 / 粤省事 grid). */
export function Tile({ label, hint, icon, badge, todoText, onTap }: Props) {
  if (todoText) {
    return (
      <View className='qy-tile qy-tile--todo' role='button' aria-label={`${label}，${todoText}`} onClick={onTap}>
        {icon && <Icon name={icon} className='qy-tile__icon' />}
        <View className='qy-tile__body'>
          <Text className='qy-tile__label'>{label}</Text>
          <Text className='qy-tile__count'>{todoText}</Text>
        </View>
      </View>
    );
  }
  return (
    <View className='qy-tile qy-tile--grid' role='button' aria-label={`${label}：${hint}`} onClick={onTap}>
      {icon && <Icon name={icon} className='qy-tile__icon' />}
      <Text className='qy-tile__label'>{label}</Text>
      {badge ? <Text className='qy-tile__badge'>{`${badge > 99 ? '99+' : badge} 条未读`}</Text> : null}
    </View>
  );
}
