// Copied from WISH_STATUS_LABELS in shared/domain/wish-state.ts: native files cannot import
// TypeScript. tests/native/wish-status-badge.test.js fails if the two drift apart.
var WISH_STATUS_LABELS = {
  pending_review: '待审核',
  open: '待认领',
  claimed: '已认领',
  fulfilled: '待确认',
  completed: '已完成',
  rejected: '未通过',
  cancelled: '已撤回',
  expired: '已过期',
};

function view(status) {
  var known = Object.prototype.hasOwnProperty.call(WISH_STATUS_LABELS, status);
  return {
    label: known ? WISH_STATUS_LABELS[status] : '',
    tone: known ? status : 'unknown',
  };
}

Component({
  options: { addGlobalClass: false },
  properties: {
    status: {
      type: String,
      value: '',
      observer: function (status) {
        this.setData(view(status));
      },
    },
  },
  data: { label: '', tone: 'unknown' },
  lifetimes: {
    attached: function () {
      this.setData(view(this.data.status));
    },
  },
});

module.exports = { WISH_STATUS_LABELS: WISH_STATUS_LABELS };
