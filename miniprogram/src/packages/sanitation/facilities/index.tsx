import { Map, View } from '@tarojs/components';
import { FACILITY_KIND_LABELS, FACILITY_STATUS_LABELS, SEWAGE_MODE_LABELS } from '@shared/domain/sanitation-facility';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { go, useRouteParams } from '../../../client/navigate';
import { useSanitation } from '../../../hooks/use-sanitation';
import { ROUTES } from '../../../routes';
import '../components/sanitation.scss';

/** A village's facilities (a town's or the county's for their cadres): a map on WeChat where places are known, and always the list. */
export default function FacilitiesPage() {
  const params = useRouteParams(ROUTES.sanitation.facilities);
  const { data, loading, error } = useSanitation('facilities', params.villageId ? { villageId: params.villageId } : {});
  const placed = data?.items.filter((f) => f.place.lat !== null && f.place.lng !== null) ?? [];
  return (
    <PageShell>
      <View className='qy-title'>{data ? `${data.unitName}的环境设施` : '环境设施'}</View>
      <View className='qy-muted'>垃圾收集点、公厕、污水处理设施都在这里，坏了可以随手拍告诉负责的人。</View>
      {error && <View className='qy-notice'>{error}</View>}
      {loading && !data && <View className='qy-muted'>正在加载…</View>}
      {process.env.TARO_ENV === 'weapp' && placed.length > 0 && (
        <Map
          className='qy-san-map'
          latitude={placed[0]!.place.lat!}
          longitude={placed[0]!.place.lng!}
          scale={15}
          markers={placed.map((f, i) => ({ id: i, latitude: f.place.lat!, longitude: f.place.lng!, title: f.name, width: 30, height: 30, iconPath: '' }))}
          onError={() => undefined}
          onMarkerTap={(e) => {
            const f = placed[Number((e.detail as { markerId?: number }).markerId)];
            if (f) go(ROUTES.sanitation.facility.url({ id: f.id }))();
          }}
        />
      )}
      {data?.items.map((f) => (
        <Button key={f.id} className='qy-card qy-san-item' onClick={go(ROUTES.sanitation.facility.url({ id: f.id }))}>
          <View className='qy-label'>{f.name}</View>
          <View className='qy-muted'>
            {FACILITY_KIND_LABELS[f.kind]}
            {f.mode ? `（${SEWAGE_MODE_LABELS[f.mode]}）` : ''} · {FACILITY_STATUS_LABELS[f.status]}
            {f.hasOpenOrder ? ' · 有人报告了问题' : ''}
          </View>
          <View className='qy-muted'>{f.place.description}</View>
        </Button>
      ))}
      {data && data.items.length === 0 && <View className='qy-muted'>还没有登记设施。</View>}
      {data?.canKeep && (
        <Button className='qy-btn qy-btn--ghost' onClick={go(ROUTES.sanitation.ledger.url())}>
          登记台账
        </Button>
      )}
    </PageShell>
  );
}
