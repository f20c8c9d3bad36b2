import { realpathSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

const root = path.resolve(__dirname, '..');
const sharedDir = path.resolve(root, 'shared');
const platform = process.env.TARO_ENV ?? 'weapp';
const isH5 = platform === 'h5';

/**
 * Local mode exists only for the h5 build served by the local gateway; it compiles the persona
 * picker in. The weapp build is never local: identity there comes from WeChat.
 * `TARO_APP_LOCAL=false npm run build:h5` gives an h5 build without the picker.
 */
const local = isH5 && process.env.TARO_APP_LOCAL !== 'false';

/**
 * The weapp talks to one CloudBase environment, named at build time (`.env`, see .env.example).
 * A release build (`npm run release:weapp`) without it would ship `cloud.init({ env: '' })`, which
 * calls whichever environment DevTools happens to select: refuse. A development build says so.
 */
const cloudEnv = process.env.TARO_APP_CLOUD_ENV ?? '';
if (!isH5 && !cloudEnv) {
  const line = 'TARO_APP_CLOUD_ENV is not set: put your CloudBase environment id in .env (see .env.example)';
  if (process.env.QY_RELEASE === 'true') {
    console.error(`release build refused — ${line}`);
    process.exit(1);
  }
  console.warn(`development build — ${line}; the mini-program will not reach a cloud environment`);
}

/** NutUI's stylesheets are written for a 375-wide design; ours for 750 (1px = 1rpx). */
function designWidth(input?: unknown): number {
  const file = (input as { file?: string } | undefined)?.file;
  if (typeof file === 'string' && file.replace(/\\+/g, '/').includes('@nutui')) return 375;
  return 750;
}

/**
 * Persistent webpack cache. Set here rather than with Taro's `cache.enable`, whose build
 * dependencies name src/app.config (ours is under miniprogram/src) and so never get saved.
 */
function persistentCache(chain: { set(key: string, value: unknown): unknown }): void {
  chain.set('cache', {
    type: 'filesystem',
    name: `${process.env.NODE_ENV ?? 'production'}-${platform}-${local ? 'local' : 'cloud'}`,
    buildDependencies: {
      config: [__filename, path.resolve(root, 'babel.config.js')],
      files: [path.resolve(root, 'miniprogram/src/app.config.ts')],
    },
  });
}

export default defineConfig<'webpack5'>(() => {
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'qianyang-zhizhi',
    date: '2025-01-01',
    designWidth,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'miniprogram/src',
    outputRoot: isH5 ? 'dist/h5' : 'dist/weapp',
    plugins: [],
    defineConstants: {},
    // Every process.env.TARO_APP_* the app reads must be defined here: an undefined one is left as
    // `process.env.X` in the h5 bundle, where `process` does not exist.
    env: {
      TARO_APP_LOCAL: JSON.stringify(local ? 'true' : 'false'),
      TARO_APP_API_BASE: JSON.stringify(process.env.TARO_APP_API_BASE ?? '/api'),
      TARO_APP_CLOUD_ENV: JSON.stringify(cloudEnv),
    },
    alias: {
      '@shared': sharedDir,
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: {
      type: 'webpack5',
      // Prebundling only speeds up watch mode and writes into node_modules/.taro; keep builds plain.
      prebundle: { enable: false },
    },
    mini: {
      // zod ships ES2020 (arrows, `?.`, spread) and qrcode-generator ES2015 (const, arrows): transpiled
      // with our own code so the package holds the ES5 that project.config.json (es6: false) promises;
      // scripts/check-weapp-syntax.mjs checks it.
      // realpath: webpack resolves modules through symlinks (a linked node_modules) to their real path.
      compile: { include: [sharedDir, ...['zod', 'qrcode-generator'].map((p) => realpathSync(path.resolve(root, 'node_modules', p)))] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      optimizeMainPackage: { enable: true },
      webpackChain: persistentCache,
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      webpackChain: persistentCache,
      compile: { include: [sharedDir] },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        // 1rem is 20px on a 375-wide phone; desktop browsers stay at phone scale instead of growing.
        pxtransform: { enable: true, config: { minRootSize: 20, maxRootSize: 22 } },
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  };
  return config;
});

