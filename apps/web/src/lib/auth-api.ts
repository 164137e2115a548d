import { api, setCsrfToken } from "./api-client.ts";
import type { SessionStage } from "./session.ts";

/** The login steps (apps/api/src/modules/auth/auth.routes.ts), shared by the login pages and "My account". */
export async function logIn(input: { email: string; password: string }): Promise<{ stage: SessionStage }> {
  const session = await api.post<{ stage: SessionStage; csrfToken: string }>("/auth/login", input);
  setCsrfToken(session.csrfToken);
  return session;
}

export async function logOut(): Promise<void> {
  try {
    await api.post<void>("/auth/logout");
  } finally {
    setCsrfToken(null);
  }
}

export const verifySecondFactor = (code: string) => api.post<{ stage: SessionStage }>("/auth/mfa/verify", { code });

export type MfaSetup = { secret: string; otpauthUrl: string; qrCodeSvg: string };
export const beginMfaEnrolment = () => api.post<MfaSetup>("/auth/mfa/setup");
export const confirmMfaEnrolment = (code: string) => api.post<{ stage: SessionStage }>("/auth/mfa/confirm", { code });

export const changePassword = (input: { currentPassword: string; newPassword: string }) => api.post<{ stage: SessionStage }>("/auth/password", input);
export const requestPasswordReset = (email: string) => api.post<{ message: string }>("/auth/password-reset/request", { email });
export const confirmPasswordReset = (input: { token: string; newPassword: string }) => api.post<void>("/auth/password-reset/confirm", input);
