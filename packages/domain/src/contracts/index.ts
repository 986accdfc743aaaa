export {
  type AmendContractInput,
  amendContract,
  type ContractVersionView,
  type ContractView,
  type CreateContractInput,
  createContract,
  getContract,
  listContracts,
  setDataAccessGrants,
} from './contract-admin.ts';
export {
  type ContractTermsInput,
  checkContractTerms,
  checkCreditTerms,
  type DataAccessTerm,
  type KnownReference,
  type KpiTargetTerm,
  PRIORITIES,
  type SlaTargetTerm,
} from './contract-terms.ts';
