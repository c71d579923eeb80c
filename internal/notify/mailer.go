package notify

import (
	"context"
	"log/slog"
)

// Mailer delivers one message. SMTPMailer is the real one; tests use fakes.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// LogMailer writes messages to the log instead of sending them, for local
// development where there is no mail server: reset links are copied from
// the log. Never use it in production, where it would log those secrets.
type LogMailer struct {
	Log *slog.Logger
}

// Send logs the recipient, the subject and the body, and of an attachment
// only its name and size: its content may be personal data. The line is at
// debug level (the outbox logs how many went out at info), so a demo's
// hundred letters do not bury the rest of the log; run with
// --log-level debug to read reset links.
func (l LogMailer) Send(ctx context.Context, m Message) error {
	log := l.Log
	if log == nil {
		log = slog.Default()
	}
	args := []any{"to", m.To, "subject", m.Subject, "body", m.Body}
	if len(m.Attachment) > 0 {
		args = append(args, "attachment", m.AttachmentName, "attachment_bytes", len(m.Attachment))
	}
	log.DebugContext(ctx, "mail not sent (log mailer)", args...)
	return nil
}
