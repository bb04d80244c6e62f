export { DirectoryError } from './errors';
export { computeHa1 } from './ha1';
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
export { createAdmin, hashAdminPassword, verifyAdminPassword, verifyPasswordHash } from './admins';
