/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.svg';
declare module '*.css';
declare module '*.scss';

declare namespace NodeJS {
  interface ProcessEnv {
    /** Set by the Taro CLI from `--type`. */
    TARO_ENV: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'harmony' | 'rn' | undefined;
    /** 'true' only in an h5 build for the local gateway (compiles the persona picker in). */
    TARO_APP_LOCAL?: 'true' | 'false';
    /** The CloudBase environment id, from an uncommitted `.env` file; weapp only. */
    TARO_APP_CLOUD_ENV?: string;
    /** Where the h5 build finds the API; defaults to the gateway serving the page (`/api`). */
    TARO_APP_API_BASE?: string;
  }
}

/** Native mini-program components used from JSX in the weapp build. */
declare namespace JSX {
  interface IntrinsicElements {
    'wish-status-badge': { status: string };
  }
}
