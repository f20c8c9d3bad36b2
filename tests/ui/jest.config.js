/**
 * Components and hooks of the mini-program, rendered as the h5 build renders them
 * (Taro's React components over jsdom). Run: npx jest -c tests/ui/jest.config.js
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2021',
    },
    module: { type: 'commonjs' },
  },
];

// ESM packages that jest must compile: Taro's components and their web-component runtime, NutUI.
const esm = ['@tarojs', '@stencil', 'swiper', 'ssr-window', 'dom7', '@nutui', '@swc/helpers', 'classnames', 'react-transition-group', 'tslib', '.pnpm'];

module.exports = {
  displayName: 'ui',
  rootDir: '../..',
  testMatch: ['<rootDir>/tests/ui/**/*.test.ts', '<rootDir>/tests/ui/**/*.test.tsx'],
  testEnvironment: 'jsdom',
  // Build-time switches Taro's runtime expects webpack to define.
  globals: {
    ENABLE_INNER_HTML: true,
    ENABLE_ADJACENT_HTML: true,
    ENABLE_SIZE_APIS: true,
    ENABLE_TEMPLATE_CONTENT: true,
    ENABLE_CLONE_NODE: true,
    ENABLE_CONTAINS: true,
    ENABLE_MUTATION_OBSERVER: true,
    DEPRECATED_ADAPTER_COMPONENT: false,
  },
  setupFiles: ['<rootDir>/tests/ui/support/setup.ts'],
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esm.join('|')})/)`],
  // Taro resolves `index.h5.tsx` before `index.tsx` in an h5 build; so does this.
  moduleFileExtensions: ['h5.tsx', 'h5.ts', 'tsx', 'ts', 'js', 'mjs', 'json'],
  moduleNameMapper: {
    '^@shared/(.*)$': '<rootDir>/shared/$1',
    '^@tarojs/components$': '<rootDir>/node_modules/@tarojs/components/lib/react',
    '^@tarojs/taro$': '<rootDir>/tests/ui/support/taro.ts',
    '^@nutui/nutui-react-taro$': '<rootDir>/tests/ui/support/nutui.ts',
    '\\.(css|scss)$': '<rootDir>/tests/ui/support/style.js',
  },
};
