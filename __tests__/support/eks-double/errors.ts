/**
 * EKS's errors as the double throws them. Their own module so that the
 * checks and the stores can refuse a request without importing the HTTP
 * server; routing.ts turns each into EKS's REST-JSON answer
 * (`x-amzn-ErrorType`, the type's status code and `{"message"}`).
 */

/** The error types the double answers with, as EKS names them. */
export type ErrorType =
  | 'InvalidParameterException'
  | 'InvalidRequestException'
  | 'ResourceNotFoundException'
  | 'ResourceInUseException'
  | 'BadRequestException'
  | 'NotFoundException'
  | 'ServerException'
  | 'ServiceUnavailableException'
  | 'ThrottlingException';

/** A refusal with EKS's error type and message; anything else thrown becomes a ServerException. */
export class EksError extends Error {
  constructor(
    readonly type: ErrorType,
    message: string,
  ) {
    super(message);
  }
}
