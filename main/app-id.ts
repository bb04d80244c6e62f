/** The app's id: electron-builder's `appId`, and Windows' AppUserModelID for notifications. */
export const APP_ID = 'ru.cloudpbx.softphone';
