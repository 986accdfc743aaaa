// The Tier 2 work mutations. Each sends the case version the specialist read: if someone else
// changed the case meanwhile the gateway answers CONFLICT and nothing changes.
import { graphql } from '../generated/gql.ts';

export const ClaimCaseMutation = graphql(`
  mutation ClaimCase($input: ClaimCaseInput!) {
    claimCase(input: $input) {
      id
      version
      status
      claimedBy
    }
  }
`);

export const ReleaseCaseMutation = graphql(`
  mutation ReleaseCase($input: ReleaseCaseInput!) {
    releaseCase(input: $input) {
      id
      version
      status
      claimedBy
    }
  }
`);

export const RecordResponseMutation = graphql(`
  mutation RecordResponse($input: RecordResponseInput!) {
    recordResponse(input: $input) {
      id
      version
      status
    }
  }
`);

export const SetCasePendingMutation = graphql(`
  mutation SetCasePending($input: SetCasePendingInput!) {
    setCasePending(input: $input) {
      id
      version
      status
    }
  }
`);

export const ResumeCaseMutation = graphql(`
  mutation ResumeCase($input: ResumeCaseInput!) {
    resumeCase(input: $input) {
      id
      version
      status
    }
  }
`);

export const ResolveCaseMutation = graphql(`
  mutation ResolveCase($input: ResolveCaseInput!) {
    resolveCase(input: $input) {
      id
      version
      status
    }
  }
`);

export const AddCaseNoteMutation = graphql(`
  mutation AddCaseNote($input: AddCaseNoteInput!) {
    addCaseNote(input: $input) {
      id
      version
      status
    }
  }
`);

export const ReturnToTier1Mutation = graphql(`
  mutation ReturnCaseToTier1($input: ReturnCaseToTier1Input!) {
    returnCaseToTier1(input: $input) {
      caseId
      version
      status
      vendorId
    }
  }
`);

export const EscalateWithinTier2Mutation = graphql(`
  mutation EscalateWithinTier2($input: EscalateCaseInput!) {
    escalateCase(input: $input) {
      id
      version
      status
      vendorId
    }
  }
`);

export const ReplyToUserMutation = graphql(`
  mutation ReplyToUser($input: ReplyToUserInput!) {
    replyToUser(input: $input) {
      messageId
      case {
        id
        version
        status
      }
    }
  }
`);
