// Package apperr is the one error type the domain returns. Only the web
// layer maps its codes to HTTP statuses and pages.
package apperr

import (
	"errors"
	"fmt"
)

// Code classifies an error for the caller; the web layer maps it to a status.
type Code string

// The codes an application error can carry.
const (
	NotFound     Code = "not_found"
	Invalid      Code = "invalid"
	Forbidden    Code = "forbidden"
	Unauthorized Code = "unauthorized"
	Conflict     Code = "conflict"
	TooMany      Code = "too_many"
	Internal     Code = "internal"
)

// Error carries a code, a catalogue key for the user-facing message and, for
// invalid input, the catalogue keys of the errors per field.
type Error struct {
	Code   Code
	Key    string            // catalogue key of the message shown to people
	Fields map[string]string // field name -> catalogue key
	Err    error             // cause, for logs only
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Key, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Key)
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error with a code and a message key.
func New(code Code, key string) *Error { return &Error{Code: code, Key: key} }

// Wrap returns an error with a code and a message key around a cause.
func Wrap(code Code, key string, err error) *Error { return &Error{Code: code, Key: key, Err: err} }

// Field returns an invalid-input error with one field error.
func Field(field, key string) *Error {
	return &Error{Code: Invalid, Key: "error.invalid_input", Fields: map[string]string{field: key}}
}

// FieldErrors collects per-field errors while validating a form or body.
type FieldErrors map[string]string

// Add records the first error for a field.
func (f FieldErrors) Add(field, key string) {
	if _, ok := f[field]; !ok {
		f[field] = key
	}
}

// Err returns nil when there are no field errors, else an Invalid error.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Key: "error.invalid_input", Fields: map[string]string(f)}
}

// CodeOf returns the code of err, Internal when err is not an *Error.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns err as an *Error, wrapping unknown errors as Internal.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: Internal, Key: "error.internal", Err: err}
}

// Is reports whether err carries the given code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }
