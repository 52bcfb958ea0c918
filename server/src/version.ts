// SPDX-License-Identifier: MIT
// The version, injected by esbuild from package.json (falls back for tests run from source).
declare const __SELINUX_LS_VERSION__: string | undefined;
export const VERSION: string = typeof __SELINUX_LS_VERSION__ === 'string' ? __SELINUX_LS_VERSION__ : '0.0.0-dev';
