/**
 * The native weapp custom components, run by miniprogram-simulate over jsdom.
 * Run: npx jest -c tests/native/jest.config.js
 */
module.exports = {
  displayName: 'native',
  rootDir: '../..',
  testMatch: ['<rootDir>/tests/native/**/*.test.js'],
  testEnvironment: 'jsdom',
  transform: {},
};
