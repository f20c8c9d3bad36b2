import { wishesContract } from '../../shared/contracts/wishes';
import { defineFunction } from '../_lib/handler';
import { cancelWish, claimWish, confirmWish, fulfilWish, getWish, listWishes, releaseWish, reviewWish, submitWish, wishContact } from './lifecycle';

export const wishes = defineFunction(wishesContract, {
  submit: { run: submitWish },
  review: { run: reviewWish },
  list: { run: listWishes },
  get: { run: getWish },
  contact: { run: wishContact },
  claim: { run: claimWish },
  fulfil: { run: fulfilWish },
  confirm: { run: confirmWish },
  cancel: { run: cancelWish },
  release: { run: releaseWish },
});

export const main = wishes.main;
