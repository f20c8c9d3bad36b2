import { View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { useWisherContact } from '../../../hooks/use-wish';

/** 138 0000 2461: a number read out in groups of 3-4-4. */
const spaced = (phone: string) => phone.replace(/^(\d{3})(\d{4})(\d{4})$/, '$1 $2 $3');

/** After a claim: how the claimant reaches the wisher (or the grid leader), with a call button. */
export function WisherContact({ wishId }: { wishId: string }) {
  const { contact, error, reveal, dial } = useWisherContact(wishId);
  return (
    <View className='qy-card wish__contact'>
      <View className='qy-section-title'>联系心愿人</View>
      {contact ? (
        <>
          <View>{`${contact.name}：${spaced(contact.phone)}`}</View>
          {contact.via === 'grid-leader' && <View className='qy-muted'>心愿人没有留电话，这是所在网格网格长的电话。</View>}
          <Button className='qy-btn' onClick={dial}>拨打电话</Button>
        </>
      ) : (
        <>
          <View className='qy-muted'>电话只给认领的党员和村（社区）干部看，查看会留下记录。</View>
          <Button className='qy-btn qy-btn--ghost' onClick={() => void reveal()}>查看电话</Button>
        </>
      )}
      {error && <View className='qy-error'>{error}</View>}
    </View>
  );
}
