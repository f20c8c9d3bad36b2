import { useState } from 'react';
import { Image, Input, Textarea, View } from '@tarojs/components';
import { whenForPeople } from '@shared/domain/for-people';
import { MAX_PHOTOS } from '@shared/domain/photos';
import { FACILITY_KIND_LABELS } from '@shared/domain/sanitation-facility';
import { HANDLING_LEVEL_LABELS, REPORT_CATEGORIES, REPORT_CATEGORY_LABELS, type ReportCategory } from '@shared/domain/sanitation-report';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { ApiError } from '../../../client/cloud';
import { go, useRouteParams } from '../../../client/navigate';
import { newRequestId } from '../../../client/request-id';
import { useSignedInUser } from '../../../hooks/use-session';
import { useSubscribeAt } from '../../../hooks/use-subscribe';
import { sanitationCall, sanitationErrorText, takeSanitationPhoto, useSanitation, type PhotoView, type ReportReceipt } from '../../../hooks/use-sanitation';
import { ROUTES } from '../../../routes';
import '../components/sanitation.scss';

/** 随手拍 in three taps: a photo, what it is, send. The place is a facility of the village or "here" in words. */
export default function ReportPage() {
  const params = useRouteParams(ROUTES.sanitation.report);
  const { user } = useSignedInUser();
  const { data: facilities } = useSanitation('facilities', user ? {} : null);
  const [photos, setPhotos] = useState<{ preview: string; photo: PhotoView }[]>([]);
  const [category, setCategory] = useState<ReportCategory | null>(null);
  const [facilityId, setFacilityId] = useState<string | null>(params.facilityId ?? null);
  const [placeText, setPlaceText] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [requestId, setRequestId] = useState(newRequestId);
  const [receipt, setReceipt] = useState<ReportReceipt | null>(null);
  const askSubscribe = useSubscribeAt('sanitation.report');

  const addPhoto = async () => {
    if (!user) return;
    setError(null);
    setBusy(true);
    try {
      const p = await takeSanitationPhoto(user.id);
      setPhotos((list) => [...list, p]);
    } catch (e) {
      // The person closing the camera is no error.
      if (e instanceof ApiError || !String((e as Error)?.message ?? '').includes('cancel')) setError(sanitationErrorText(e));
    } finally {
      setBusy(false);
    }
  };

  const send = async () => {
    if (!category) return setError('请先选择是什么问题');
    if (!facilityId && placeText.trim().length < 2) return setError('请选择设施，或写明在哪里');
    askSubscribe();
    setBusy(true);
    setError(null);
    try {
      const r = await sanitationCall('report', {
        requestId,
        category,
        ...(facilityId ? { facilityId } : { placeText: placeText.trim() }),
        ...(note.trim() ? { note: note.trim() } : {}),
        photoIds: photos.map((p) => p.photo.id),
      });
      // 受理: the order is made a minute or so later (派单); the page shows the receipt meanwhile.
      setReceipt(r);
    } catch (e) {
      setError(sanitationErrorText(e));
    } finally {
      setBusy(false);
    }
  };

  const again = () => {
    setReceipt(null);
    setPhotos([]);
    setCategory(null);
    setFacilityId(null);
    setPlaceText('');
    setNote('');
    setRequestId(newRequestId());
  };

  if (receipt) return <Receipt receipt={receipt} onAgain={again} />;

  const places = facilities?.items.filter((f) => f.status !== 'retired') ?? [];
  return (
    <PageShell>
      <View className='qy-title'>随手拍</View>
      <View className='qy-muted'>看到垃圾满了、设施坏了、污水外溢或乱倒垃圾，拍一张发给负责的人。</View>

      <View className='qy-section-title'>第一步：拍照（最多 {MAX_PHOTOS} 张）</View>
      <View className='qy-san-photos'>
        {photos.map((p) => (
          <Image key={p.photo.id} src={p.preview} mode='aspectFill' className='qy-san-photo__img' />
        ))}
      </View>
      {photos.length < MAX_PHOTOS && (
        <Button className='qy-btn' disabled={busy} onClick={() => void addPhoto()}>
          {photos.length ? '再拍一张' : '拍照'}
        </Button>
      )}
      {photos.length > 0 && <View className='qy-muted'>照片审核通过后，本村（社区）的人才能看到；位置等信息已去掉。</View>}

      <View className='qy-section-title'>第二步：是什么问题</View>
      <View className='qy-san-choices'>
        {REPORT_CATEGORIES.map((c) => (
          <Button key={c} className={`qy-btn qy-san-choice${category === c ? '' : ' qy-btn--ghost'}`} onClick={() => setCategory(c)}>
            {REPORT_CATEGORY_LABELS[c]}
          </Button>
        ))}
      </View>

      <View className='qy-section-title'>在哪里</View>
      <View className='qy-chips'>
        <Button className={`qy-chip${facilityId === null ? ' qy-chip--on' : ''}`} onClick={() => setFacilityId(null)}>
          就在这里（写地点）
        </Button>
        {places.map((f) => (
          <Button key={f.id} className={`qy-chip${facilityId === f.id ? ' qy-chip--on' : ''}`} onClick={() => setFacilityId(f.id)}>
            {f.name}（{FACILITY_KIND_LABELS[f.kind]}）
          </Button>
        ))}
      </View>
      {facilityId === null && (
        <View className='qy-field'>
          <View className='qy-label'>地点</View>
          <Input className='qy-input' value={placeText} maxlength={60} placeholder='如：二组路口小卖部旁' onInput={(e) => setPlaceText(e.detail.value)} />
        </View>
      )}
      <View className='qy-field'>
        <View className='qy-label'>说明（可以不填）</View>
        <Textarea className='qy-textarea' value={note} maxlength={200} placeholder='如：垃圾桶满了两天了' onInput={(e) => setNote(e.detail.value)} />
      </View>

      {error && <View className='qy-notice'>{error}</View>}
      <Button className='qy-btn' disabled={busy} onClick={() => void send()}>
        {busy ? '正在发送…' : '第三步：发送'}
      </Button>
    </PageShell>
  );
}

/** The receipt (受理回执): what was received, who will handle it and within how many hours; the order follows with 派单. */
function Receipt({ receipt: r, onAgain }: { receipt: ReportReceipt; onAgain: () => void }) {
  const who = HANDLING_LEVEL_LABELS[r.level];
  return (
    <PageShell>
      <View className='qy-title'>已收到您的随手拍</View>
      <View className='qy-card'>
        <View className='qy-label'>
          {REPORT_CATEGORY_LABELS[r.category]}：{r.facilityName ?? r.placeText}
        </View>
        <View>
          {r.villageName} · {r.placeText}
        </View>
        <View className='qy-muted'>收到时间：{whenForPeople(r.createdAt)}</View>
        {r.photoCount > 0 && <View className='qy-muted'>照片 {r.photoCount} 张</View>}
      </View>
      <View className='qy-card'>
        {r.joining ? (
          <View className='qy-label'>这里已有人报告过，您的随手拍会并入同一张工单，一起处理。</View>
        ) : (
          <>
            <View className='qy-label'>将交给{who}处理</View>
            <View className='qy-label'>{r.deadlineHours} 小时内处理</View>
            <View className='qy-muted'>{r.routeReason}</View>
          </>
        )}
      </View>
      <View>{r.dispatched ? '已经派单，可以看处理进度。' : '正在派单，一般一两分钟内派到负责的人手里。派单后会发消息告诉您，处理进度也可以在“我的随手拍”里看。'}</View>
      {r.noteHeld && <View className='qy-notice'>您写的说明需要人工复核，复核通过前只有您和负责处理的干部能看到。</View>}
      {r.dispatched && r.orderId ? (
        <Button className='qy-btn' onClick={go(ROUTES.sanitation.order.url({ id: r.orderId }))}>
          看处理进度
        </Button>
      ) : (
        <Button className='qy-btn' onClick={go(ROUTES.sanitation.mine.url())}>
          看我的随手拍
        </Button>
      )}
      <Button className='qy-btn qy-btn--ghost' onClick={onAgain}>
        再拍一个
      </Button>
    </PageShell>
  );
}
