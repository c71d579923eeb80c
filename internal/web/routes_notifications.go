package web

import "net/http"

// notificationRoutes are the signed-in user's own notifications and e-mail
// preferences (every role; the rows are the user's by user_id, so another
// user's id is simply not found), and the administrator's outbox of mail
// that has not gone out (issue 12).
func (s *Server) notificationRoutes() []route {
	return []route{
		{http.MethodGet, "/notifications", signedIn, 0, s.notificationList},
		{http.MethodPost, "/notifications/read", signedIn, 0, s.notificationsReadAll},
		{http.MethodPost, "/notifications/:id/open", signedIn, 0, s.notificationOpen},
		{http.MethodGet, "/account/notifications", signedIn, 0, s.notificationPrefs},
		{http.MethodPost, "/account/notifications", signedIn, 0, s.saveNotificationPrefs},
		{http.MethodGet, "/admin/outbox", can("outbox", "view"), 0, s.outboxPage},
		{http.MethodPost, "/admin/outbox/:id/retry", can("outbox", "retry"), 0, s.outboxRetry},
	}
}
