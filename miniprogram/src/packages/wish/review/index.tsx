import { View } from '@tarojs/components';
import { PageShell } from '../../../components/PageShell';
import { WishListView } from '../../../components/WishListView';
import { useSignedInUser } from '../../../hooks/use-session';
import './index.scss';

export default function ReviewQueue() {
  const { user } = useSignedInUser();
  return (
    <PageShell>
      <View className='qy-title'>待审核心愿</View>
      <View className='qy-muted list__lead'>请逐条查看，通过或驳回。</View>
      {user && <WishListView scope='review' emptyText='没有等待审核的心愿' />}
    </PageShell>
  );
}
