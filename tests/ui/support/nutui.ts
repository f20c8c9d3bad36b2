// The per-component modules babel-plugin-import picks in the real build (no stylesheets here).
export { default as Dialog } from '@nutui/nutui-react-taro/dist/es/packages/dialog/index';
export { default as Empty } from '@nutui/nutui-react-taro/dist/es/packages/empty/index';
