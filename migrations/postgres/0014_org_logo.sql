-- The logo an organisation uploads for its letterhead (issue 10): the
-- intermediary's logo heads the letters, reports and statements it issues.
-- The file lives in the upload folder under its generated name.
ALTER TABLE organisation_profiles ADD COLUMN logo_stored_name TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation_profiles ADD COLUMN logo_content_type TEXT NOT NULL DEFAULT '';
