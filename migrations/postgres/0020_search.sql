-- One search box (issue 12): search_index holds one row per organisation,
-- application, grant and payment request, its document the text it is
-- found by (names, title, reference, contract number, IBAN, the names of
-- its municipalities in the three languages) and folded, that text
-- folded as internal/search.Fold folds a query (accents, case, đ; on SQLite
-- the FTS5 tokenizer does the accents and case). Triggers on the
-- source tables keep it current in the writer's own transaction, whoever
-- writes (a store, the demo, an import), so a renamed organisation is found
-- by its new name at once. refs holds the item's references (registration
-- number, application reference, contract number, IBAN) upper-cased without
-- spaces or dashes, each between spaces, for exact matches to rank first.
-- Rows of the index are never shown as they are: a search joins the source
-- rows and applies the access conditions of internal/access.

-- The names of each municipality (internal/place) in Albanian, Serbian and
-- English, folded; a test keeps these rows equal to internal/place.
CREATE TABLE search_places (
    code   TEXT PRIMARY KEY,
    names  TEXT NOT NULL
);
INSERT INTO search_places (code, names) VALUES
    ('AL-BELSH', 'belsh bels'),
    ('AL-BERAT', 'berat'),
    ('AL-BULQIZE', 'bulqize bulciza bulqiza'),
    ('AL-CERRIK', 'cerrik cerik'),
    ('AL-DELVINE', 'delvine delvina'),
    ('AL-DEVOLL', 'devoll devol'),
    ('AL-DIBER', 'diber dibra'),
    ('AL-DIVJAKE', 'divjake divjaka'),
    ('AL-DROPULL', 'dropull dropul'),
    ('AL-DURRES', 'durres drac'),
    ('AL-ELBASAN', 'elbasan'),
    ('AL-FIER', 'fier fijer'),
    ('AL-FINIQ', 'finiq finic'),
    ('AL-FUSHE-ARREZ', 'fushe-arrez fuse-arez'),
    ('AL-GJIROKASTER', 'gjirokaster dirokastra gjirokastra'),
    ('AL-GRAMSH', 'gramsh grams'),
    ('AL-HAS', 'has'),
    ('AL-HIMARE', 'himare himara'),
    ('AL-KAMEZ', 'kamez kamza'),
    ('AL-KAVAJE', 'kavaje kavaja'),
    ('AL-KELCYRE', 'kelcyre kelcira kelcyra'),
    ('AL-KLOS', 'klos'),
    ('AL-KOLONJE', 'kolonje kolonja'),
    ('AL-KONISPOL', 'konispol konispolj'),
    ('AL-KORCE', 'korce korca'),
    ('AL-KRUJE', 'kruje kroja kruja'),
    ('AL-KUCOVE', 'kucove kucova'),
    ('AL-KUKES', 'kukes'),
    ('AL-KURBIN', 'kurbin'),
    ('AL-LEZHE', 'lezhe ljes lezha'),
    ('AL-LIBOHOVE', 'libohove libohova'),
    ('AL-LIBRAZHD', 'librazhd librazdi'),
    ('AL-LUSHNJE', 'lushnje lusnja lushnja'),
    ('AL-MALESI-E-MADHE', 'malesi e madhe malesija'),
    ('AL-MALIQ', 'maliq malic'),
    ('AL-MALLAKASTER', 'mallakaster malakastra mallakastra'),
    ('AL-MAT', 'mat'),
    ('AL-MEMALIAJ', 'memaliaj memaljaj'),
    ('AL-MIRDITE', 'mirdite mirdita'),
    ('AL-PATOS', 'patos'),
    ('AL-PEQIN', 'peqin pecin'),
    ('AL-PERMET', 'permet'),
    ('AL-PERRENJAS', 'perrenjas perenjas'),
    ('AL-POGRADEC', 'pogradec'),
    ('AL-POLICAN', 'polican'),
    ('AL-PUKE', 'puke puka'),
    ('AL-PUSTEC', 'pustec'),
    ('AL-ROSKOVEC', 'roskovec'),
    ('AL-RROGOZHINE', 'rrogozhine rogozina rrogozhina'),
    ('AL-SARANDE', 'sarande saranda'),
    ('AL-SELENICE', 'selenice selenica'),
    ('AL-SHIJAK', 'shijak sijak'),
    ('AL-SHKODER', 'shkoder skadar shkodra'),
    ('AL-SKRAPAR', 'skrapar'),
    ('AL-TEPELENE', 'tepelene tepelena'),
    ('AL-TIRANE', 'tirane tirana'),
    ('AL-TROPOJE', 'tropoje tropoja'),
    ('AL-URA-VAJGURORE', 'ura vajgurore'),
    ('AL-VAU-I-DEJES', 'vau i dejes'),
    ('AL-VLORE', 'vlore valona vlora'),
    ('AL-VORE', 'vore vora'),
    ('XK-DECAN', 'decan decane'),
    ('XK-DRAGASH', 'dragash dragas'),
    ('XK-FERIZAJ', 'ferizaj urosevac'),
    ('XK-FUSHE-KOSOVE', 'fushe kosove kosovo polje kosova'),
    ('XK-GJAKOVE', 'gjakove dakovica gjakova'),
    ('XK-GJILAN', 'gjilan gnjilane'),
    ('XK-GLLOGOC', 'gllogoc glogovac drenas'),
    ('XK-GRACANICE', 'gracanice gracanica'),
    ('XK-HANI-I-ELEZIT', 'hani i elezit elez han'),
    ('XK-ISTOG', 'istog istok'),
    ('XK-JUNIK', 'junik'),
    ('XK-KACANIK', 'kacanik'),
    ('XK-KAMENICE', 'kamenice kamenica'),
    ('XK-KLINE', 'kline klina'),
    ('XK-KLLOKOT', 'kllokot klokot'),
    ('XK-LEPOSAVIQ', 'leposaviq leposavic'),
    ('XK-LIPJAN', 'lipjan lipljan'),
    ('XK-MALISHEVE', 'malisheve malisevo malisheva'),
    ('XK-MAMUSHE', 'mamushe mamusa mamusha'),
    ('XK-MITROVICE', 'mitrovice juzna mitrovica south'),
    ('XK-MITROVICE-VERIUT', 'mitrovice e veriut severna mitrovica north'),
    ('XK-NOVOBERDE', 'novoberde novo brdo'),
    ('XK-OBILIQ', 'obiliq obilic'),
    ('XK-PARTESH', 'partesh partes'),
    ('XK-PEJE', 'peje pec peja'),
    ('XK-PODUJEVE', 'podujeve podujevo podujeva'),
    ('XK-PRISHTINE', 'prishtine pristina'),
    ('XK-PRIZREN', 'prizren'),
    ('XK-RAHOVEC', 'rahovec orahovac'),
    ('XK-RANILLUG', 'ranillug ranilug'),
    ('XK-SHTERPCE', 'shterpce strpce'),
    ('XK-SHTIME', 'shtime stimlje'),
    ('XK-SKENDERAJ', 'skenderaj srbica'),
    ('XK-SUHAREKE', 'suhareke suva reka suhareka'),
    ('XK-VITI', 'viti vitina'),
    ('XK-VUSHTRRI', 'vushtrri vucitrn'),
    ('XK-ZUBIN-POTOK', 'zubin potok'),
    ('XK-ZVECAN', 'zvecan');

CREATE TABLE search_index (
    id       BIGSERIAL PRIMARY KEY,
    kind     TEXT NOT NULL CHECK (kind IN ('organisation', 'application', 'grant', 'payment_request')),
    item_id  BIGINT NOT NULL,
    refs     TEXT NOT NULL,
    doc      TEXT NOT NULL,
    folded   TEXT NOT NULL,
    UNIQUE (kind, item_id)
);

-- PostgreSQL: a tsvector of the folded text with the simple configuration
-- (no stemming: names and references are not words of one language).
-- search_fold is internal/search.Fold for the letters of Latin-1 and
-- Latin Extended-A (a test compares them) and turns punctuation into
-- spaces, so "EU/2026/001" or "XK-PEJE" are words, not one path. It is
-- written with translate rather than the unaccent extension: unaccent is
-- not immutable (no expression index over it), lives in one schema of the
-- database (the test schemas would not all see it) and knows no Cyrillic.
CREATE FUNCTION search_fold(t TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT lower(translate(t, 'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž-/._@:,;()+&#', 'aaaaaaceeeeiiiinooooouuuuyaaaaaaceeeeiiiinooooouuuuyyaaaaaaccccccccddddeeeeeeeeeegggggggghhiiiiiiiiijjkkllllllnnnnnnoooooorrrrrrssssssssttttuuuuuuuuuuuuwwyyyzzzzzz             '))
$$;
CREATE INDEX search_index_tsv ON search_index USING GIN (to_tsvector('simple', folded));

CREATE VIEW search_docs_organisation AS
SELECT o.id AS item_id,
    ' ' || upper(replace(replace(coalesce(p.registration_number, ''), ' ', ''), '-', '')) || ' ' || upper(replace(replace(coalesce(p.iban, ''), ' ', ''), '-', '')) || ' ' AS refs,
    o.name || ' ' || coalesce(p.legal_name, '') || ' ' || coalesce(p.acronym, '') || ' ' ||
        coalesce(p.registration_number, '') || ' ' || coalesce(p.iban, '') || ' ' || coalesce(sp.names, '') AS doc
FROM organisations o
LEFT JOIN organisation_profiles p ON p.org_id = o.id
LEFT JOIN search_places sp ON sp.code = p.municipality;

CREATE VIEW search_docs_application AS
SELECT a.id AS item_id,
    ' ' || upper(replace(replace(coalesce(a.reference, ''), ' ', ''), '-', '')) || ' ' AS refs,
    coalesce(a.reference, '') || ' ' || a.title || ' ' || o.name || ' ' ||
        coalesce((SELECT string_agg(sp.names, ' ') FROM application_municipalities am
            JOIN search_places sp ON sp.code = am.municipality WHERE am.application_id = a.id), '') AS doc
FROM applications a
JOIN organisations o ON o.id = a.org_id;

CREATE VIEW search_docs_grant AS
SELECT g.id AS item_id,
    ' ' || upper(replace(replace(g.contract_number, ' ', ''), '-', '')) || ' ' || upper(replace(replace(g.iban, ' ', ''), '-', '')) || ' ' AS refs,
    g.contract_number || ' ' || a.title || ' ' || o.name || ' ' || g.iban AS doc
FROM grants g
JOIN applications a ON a.id = g.application_id
JOIN organisations o ON o.id = g.org_id;

CREATE VIEW search_docs_payment_request AS
SELECT pr.id AS item_id,
    ' ' || upper(replace(replace(g.contract_number, ' ', ''), '-', '')) || ' ' || upper(replace(replace(g.iban, ' ', ''), '-', '')) || ' ' AS refs,
    g.contract_number || ' ' || a.title || ' ' || o.name || ' ' || g.iban AS doc
FROM payment_requests pr
JOIN grants g ON g.id = pr.grant_id
JOIN applications a ON a.id = g.application_id
JOIN organisations o ON o.id = g.org_id;

-- search_put indexes the items ids of kind k (a view search_docs_<k>).
CREATE FUNCTION search_put(k TEXT, ids BIGINT[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    EXECUTE format('INSERT INTO search_index (kind, item_id, refs, doc, folded)
        SELECT $1, v.item_id, v.refs, v.doc || v.refs, search_fold(v.doc || v.refs) FROM %I v WHERE v.item_id = ANY ($2)
        ON CONFLICT (kind, item_id) DO UPDATE SET refs = EXCLUDED.refs, doc = EXCLUDED.doc, folded = EXCLUDED.folded',
        'search_docs_' || k) USING k, ids;
END
$$;

-- What is there already.
SELECT search_put('organisation', ARRAY(SELECT item_id FROM search_docs_organisation));
SELECT search_put('application', ARRAY(SELECT item_id FROM search_docs_application));
SELECT search_put('grant', ARRAY(SELECT item_id FROM search_docs_grant));
SELECT search_put('payment_request', ARRAY(SELECT item_id FROM search_docs_payment_request));

-- Keeping it current.

CREATE FUNCTION search_organisation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_index WHERE kind = 'organisation' AND item_id = OLD.id;
        RETURN NULL;
    END IF;
    PERFORM search_put('organisation', ARRAY[NEW.id]);
    IF TG_OP = 'UPDATE' THEN
        PERFORM search_put('application', ARRAY(SELECT id FROM applications WHERE org_id = NEW.id));
        PERFORM search_put('grant', ARRAY(SELECT id FROM grants WHERE org_id = NEW.id));
        PERFORM search_put('payment_request', ARRAY(SELECT pr.id FROM payment_requests pr
            JOIN grants g ON g.id = pr.grant_id WHERE g.org_id = NEW.id));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER search_organisation_changed AFTER INSERT OR UPDATE OF name OR DELETE ON organisations FOR EACH ROW EXECUTE FUNCTION search_organisation_changed();

CREATE FUNCTION search_profile_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_put('organisation', ARRAY[NEW.org_id]);
    RETURN NULL;
END
$$;
CREATE TRIGGER search_profile_changed AFTER INSERT OR UPDATE ON organisation_profiles FOR EACH ROW EXECUTE FUNCTION search_profile_changed();

CREATE FUNCTION search_application_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_index WHERE kind = 'application' AND item_id = OLD.id;
        RETURN NULL;
    END IF;
    PERFORM search_put('application', ARRAY[NEW.id]);
    IF TG_OP = 'UPDATE' THEN
        PERFORM search_put('grant', ARRAY(SELECT id FROM grants WHERE application_id = NEW.id));
        PERFORM search_put('payment_request', ARRAY(SELECT pr.id FROM payment_requests pr
            JOIN grants g ON g.id = pr.grant_id WHERE g.application_id = NEW.id));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER search_application_changed AFTER INSERT OR UPDATE OF reference, title, org_id OR DELETE ON applications FOR EACH ROW EXECUTE FUNCTION search_application_changed();

CREATE FUNCTION search_municipality_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM search_put('application', ARRAY[OLD.application_id]);
    ELSE
        PERFORM search_put('application', ARRAY[NEW.application_id]);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER search_municipality_changed AFTER INSERT OR DELETE ON application_municipalities FOR EACH ROW EXECUTE FUNCTION search_municipality_changed();

CREATE FUNCTION search_grant_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_index WHERE kind = 'grant' AND item_id = OLD.id;
        RETURN NULL;
    END IF;
    PERFORM search_put('grant', ARRAY[NEW.id]);
    IF TG_OP = 'UPDATE' THEN
        PERFORM search_put('payment_request', ARRAY(SELECT id FROM payment_requests WHERE grant_id = NEW.id));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER search_grant_changed AFTER INSERT OR UPDATE OF contract_number, iban, org_id, application_id OR DELETE ON grants FOR EACH ROW EXECUTE FUNCTION search_grant_changed();

CREATE FUNCTION search_payment_request_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_index WHERE kind = 'payment_request' AND item_id = OLD.id;
        RETURN NULL;
    END IF;
    PERFORM search_put('payment_request', ARRAY[NEW.id]);
    RETURN NULL;
END
$$;
CREATE TRIGGER search_payment_request_changed AFTER INSERT OR UPDATE OF grant_id OR DELETE ON payment_requests FOR EACH ROW EXECUTE FUNCTION search_payment_request_changed();
