package web

import "net/http"

// paymentRoutes: tranche requests, their verification, four-eyes approval
// and payment, the finance queue and the exchange rates.
func (s *Server) paymentRoutes() []route {
	return []route{
		// Finance's queue (a grantee's own requests), one request and its actions.
		{http.MethodGet, "/payments", can("payment_request", "view"), 0, s.paymentQueue},
		{http.MethodGet, "/payments/:id", can("payment_request", "view"), 0, s.paymentPage},
		{http.MethodPost, "/payments/:id/verify", can("payment_request", "verify"), 0, s.verifyPayment},
		{http.MethodPost, "/payments/:id/approve", can("payment_request", "approve"), 0, s.approvePayment},
		{http.MethodPost, "/payments/:id/pay", can("payment_request", "pay"), 0, s.payPayment},
		{http.MethodPost, "/payments/:id/reject", can("payment_request", "reject"), 0, s.refusePayment},

		// The grantee's request for a tranche of its grant.
		{http.MethodGet, "/grants/:id/payment-requests/new", can("payment_request", "create"), 0, s.newPaymentRequest},
		{http.MethodPost, "/grants/:id/payment-requests", can("payment_request", "create"), 0, s.createPaymentRequest},

		// Exchange rates.
		{http.MethodGet, "/finance/rates", can("exchange_rate", "view"), 0, s.ratesPage},
		{http.MethodPost, "/finance/rates", can("exchange_rate", "edit"), 0, s.saveRate},
		{http.MethodPost, "/finance/rates/import", can("exchange_rate", "edit"), 0, s.importRates},

		// API.
		{http.MethodPost, "/api/v1/grants/:id/payment-requests", can("payment_request", "create"), apiLimit, s.apiCreatePaymentRequest},
		{http.MethodGet, "/api/v1/payment-requests", can("payment_request", "view"), apiLimit, s.apiPaymentRequests},
		{http.MethodGet, "/api/v1/payment-requests/:id", can("payment_request", "view"), apiLimit, s.apiPaymentRequest},
		{http.MethodPost, "/api/v1/payment-requests/:id/verify", can("payment_request", "verify"), apiLimit, s.apiVerifyPayment},
		{http.MethodPost, "/api/v1/payment-requests/:id/approve", can("payment_request", "approve"), apiLimit, s.apiApprovePayment},
		{http.MethodPost, "/api/v1/payment-requests/:id/pay", can("payment_request", "pay"), apiLimit, s.apiPayPayment},
		{http.MethodPost, "/api/v1/payment-requests/:id/reject", can("payment_request", "reject"), apiLimit, s.apiRejectPayment},
		{http.MethodPost, "/api/v1/payment-requests/:id/request-changes", can("payment_request", "reject"), apiLimit, s.apiRequestChanges},
		{http.MethodGet, "/api/v1/exchange-rates", can("exchange_rate", "view"), apiLimit, s.apiRates},
		{http.MethodPost, "/api/v1/exchange-rates", can("exchange_rate", "edit"), apiLimit, s.apiSetRate},
	}
}
