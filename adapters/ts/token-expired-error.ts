/** The gateway closed the connection because the token expired (close code 4403): connect with a fresh token. */
import { UnauthenticatedError } from '../../protocol/errors.js';

export class TokenExpiredError extends UnauthenticatedError {
  constructor(message = 'token expired') {
    super(message);
  }
}
