import { View } from '@tarojs/components';
import { Button } from '../../components/Button';
import { PageShell } from '../../components/PageShell';
import { WishListView } from '../../components/WishListView';
import { useSignedInUser } from '../../hooks/use-session';
import { ROUTES } from '../../routes';
import { go } from '../../client/navigate';
import { unitWordOf } from '../../client/labels';

const FILTERS = ['open', 'claimed', 'fulfilled', 'completed'] as const;

export default function WishWall() {
  const { user } = useSignedInUser();
  return (
    <PageShell>
      <View className='qy-title'>心愿墙</View>
      <View className='qy-muted'>{user?.residence?.unitName ?? `本${unitWordOf(user)}`}的心愿，党员认领后帮忙实现。</View>
      <View className='qy-actions'>
        <Button className='qy-btn qy-btn--ghost' onClick={go(ROUTES.wish.submit.url())}>
          我也要许愿
        </Button>
      </View>
      <View className='qy-section-title'>全部心愿</View>
      {user && <WishListView scope='village' filters={FILTERS} emptyText={user.residence ? `${unitWordOf(user)}里还没有心愿` : '还没有心愿'} />}
    </PageShell>
  );
}
