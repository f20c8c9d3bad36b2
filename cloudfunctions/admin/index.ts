import { adminContract } from '../../shared/contracts/admin';
import { defineFunction } from '../_lib/handler';
import { appoint, findPeople, holders, removeRole } from './appointments';
import { bootstrap } from './bootstrap';
import { careAdd, careContact, careGrids, careList, careRemove, careUpdate } from './care';
import { invitations, invite, redeemInvitation, revokeInvitation } from './invitations';
import {
  applyPartyRegistration,
  decidePartyRegistration,
  myPartyRegistration,
  partyOrgMembers,
  partyOrgs,
  partyRegistrations,
  registerPartyOrg,
} from './party';
import { addUnit, moveGrid, overview, renameUnit, retireUnit, units } from './units';

export const admin = defineFunction(adminContract, {
  // identified: the very first admin may not have registered yet.
  bootstrap: { access: 'identified', run: bootstrap },
  overview: { run: overview },
  units: { run: units },
  addUnit: { run: addUnit },
  renameUnit: { run: renameUnit },
  retireUnit: { run: retireUnit },
  moveGrid: { run: moveGrid },
  holders: { run: holders },
  findPeople: { run: findPeople },
  appoint: { run: appoint },
  removeRole: { run: removeRole },
  invite: { run: invite },
  invitations: { run: invitations },
  revokeInvitation: { run: revokeInvitation },
  redeemInvitation: { run: redeemInvitation },
  registerPartyOrg: { run: registerPartyOrg },
  partyOrgs: { run: partyOrgs },
  applyPartyRegistration: { run: applyPartyRegistration },
  myPartyRegistration: { run: myPartyRegistration },
  partyRegistrations: { run: partyRegistrations },
  decidePartyRegistration: { run: decidePartyRegistration },
  partyOrgMembers: { run: partyOrgMembers },
  careGrids: { run: careGrids },
  careList: { run: careList },
  careAdd: { run: careAdd },
  careUpdate: { run: careUpdate },
  careRemove: { run: careRemove },
  careContact: { run: careContact },
});

export const main = admin.main;
