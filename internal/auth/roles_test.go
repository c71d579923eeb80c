package auth

import "testing"

func TestParseRole(t *testing.T) {
	tests := []struct {
		in     string
		want   Role
		wantOK bool
	}{
		{"admin", Admin, true},
		{"program_officer", ProgramOfficer, true},
		{" evaluator ", Evaluator, true},
		{"finance_officer", FinanceOfficer, true},
		{"donor_officer", DonorOfficer, true},
		{"applicant", Applicant, true},
		{"Admin", "", false},
		{"root", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseRole(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("ParseRole(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
	if len(Roles) != 6 {
		t.Errorf("len(Roles) = %d, want 6", len(Roles))
	}
}

func TestParseLang(t *testing.T) {
	tests := []struct {
		in     string
		want   string
		wantOK bool
	}{
		{"", "sq", true},
		{"sq", "sq", true},
		{"EN", "en", true},
		{"sr", "sr", true},
		{"de", "", false},
	}
	for _, tt := range tests {
		got, ok := parseLang(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("parseLang(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}
