export { DirectoryError, QuotaError } from './errors';
export { computeHa1, computeHa1Sha256, ha1Matches } from './ha1';
export { generatePassword } from './password';
export { allocateSipNumber, SIP_NUMBER_PATTERN, type SixDigitSource } from './sip-number';
export {
  createEmployee,
  removeEmployee,
  resetSipPassword,
  type CreatedEmployee,
  type NewEmployeeInput,
  type RemovedEmployee,
} from './employees';
export {
  createAdmin,
  hashAdminPassword,
  hashAdminPasswordAsync,
  verifyAdminPassword,
  verifyPasswordHash,
} from './admins';
export { auditAdminReset, resetAdminPassword, type AdminResetAudit } from './admin-reset';
export { issueResetCode, redeemResetCode, RESET_CODE_TTL_MS } from './admin-recovery';
export { Directory, type DirectoryUpdate } from './directory';
export { Tenancy, type CallAdmission } from './tenancy';
export {
  companyOf,
  createCompany,
  createOperator,
  operatorOfToken,
  purgedAfter,
  purgeRemovedCompanies,
  removeCompany,
  REMOVED_COMPANY_RETENTION_DAYS,
  setCompanyStatus,
  updateCompany,
  type CreatedCompany,
} from './companies';
export {
  canonicalInstance,
  deviceSecretMatches,
  issueDeviceCredential,
  MAX_DEVICE_CREDENTIALS,
  numberOfDeviceUsername,
} from './device-credentials';
