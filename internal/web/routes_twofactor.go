package web

import "net/http"

// twoFactorRoutes are the second step of sign-in, the account's enrolment
// pages and the admin's reset.
func (s *Server) twoFactorRoutes() []route {
	return []route{
		// Between a right password and a right code there is no session.
		{http.MethodGet, "/login/code", public, 0, s.loginCodeForm},
		{http.MethodPost, "/login/code", public, 0, s.loginCode},

		// The signed-in user's own second factor.
		{http.MethodGet, "/account/two-factor", signedIn, 0, s.twoFactorPage},
		{http.MethodPost, "/account/two-factor/start", signedIn, 0, s.startTwoFactor},
		{http.MethodGet, "/account/two-factor/qr.png", signedIn, 0, s.twoFactorQR},
		{http.MethodPost, "/account/two-factor", signedIn, 0, s.confirmTwoFactor},
		{http.MethodPost, "/account/two-factor/recovery-codes", signedIn, 0, s.regenerateRecoveryCodes},
		{http.MethodPost, "/account/two-factor/disable", signedIn, 0, s.disableTwoFactor},

		// An admin resets a user's second factor (a lost phone).
		{http.MethodGet, "/admin/users/:id/two-factor/reset", can("user", "edit"), 0, s.resetTwoFactorForm},
		{http.MethodPost, "/admin/users/:id/two-factor/reset", can("user", "edit"), 0, s.resetTwoFactor},
	}
}
