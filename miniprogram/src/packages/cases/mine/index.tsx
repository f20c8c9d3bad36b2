import { View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { CaseList } from '../components/CaseList';
import { ROUTES } from '../../../routes';
import { go } from '../../../client/navigate';

const FILTERS = ['screened', 'mediating', 'agreed', 'resolved'] as const;

export default function MyCases() {
  return (
    <PageShell>
      <View className='qy-title'>我登记的纠纷</View>
      <View className='qy-muted'>点开可以看调解到哪一步了。</View>
      <View className='qy-actions'>
        <Button className='qy-btn' onClick={go(ROUTES.cases.report.url())}>
          登记新的纠纷
        </Button>
      </View>
      <View className='qy-section-title'>办理进度</View>
      <CaseList scope='mine' filters={FILTERS} emptyText='您还没有登记过纠纷' />
    </PageShell>
  );
}
