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
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    kind     TEXT NOT NULL CHECK (kind IN ('organisation', 'application', 'grant', 'payment_request')),
    item_id  INTEGER NOT NULL,
    refs     TEXT NOT NULL,
    doc      TEXT NOT NULL,
    folded   TEXT NOT NULL,
    UNIQUE (kind, item_id)
);

-- SQLite: FTS5 over the folded text (its unicode61 tokenizer drops the
-- accents and the case; folded has đ written d already, which unicode61
-- keeps), kept in step with search_index by the three triggers below.
CREATE VIRTUAL TABLE search_fts USING fts5 (folded, content = 'search_index', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER search_index_insert AFTER INSERT ON search_index BEGIN
    INSERT INTO search_fts (rowid, folded) VALUES (NEW.id, NEW.folded);
END;
CREATE TRIGGER search_index_delete AFTER DELETE ON search_index BEGIN
    INSERT INTO search_fts (search_fts, rowid, folded) VALUES ('delete', OLD.id, OLD.folded);
END;
CREATE TRIGGER search_index_update AFTER UPDATE ON search_index BEGIN
    INSERT INTO search_fts (search_fts, rowid, folded) VALUES ('delete', OLD.id, OLD.folded);
    INSERT INTO search_fts (rowid, folded) VALUES (NEW.id, NEW.folded);
END;

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
        coalesce((SELECT group_concat(sp.names, ' ') FROM application_municipalities am
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

-- What is there already.
INSERT INTO search_index (kind, item_id, refs, doc, folded)
    SELECT 'organisation', item_id, refs, doc || refs, lower(replace(replace(doc || refs, 'Đ', 'd'), 'đ', 'd')) FROM search_docs_organisation WHERE true
    ON CONFLICT (kind, item_id) DO UPDATE SET refs = excluded.refs, doc = excluded.doc, folded = excluded.folded;
INSERT INTO search_index (kind, item_id, refs, doc, folded)
    SELECT 'application', item_id, refs, doc || refs, lower(replace(replace(doc || refs, 'Đ', 'd'), 'đ', 'd')) FROM search_docs_application WHERE true
    ON CONFLICT (kind, item_id) DO UPDATE SET refs = excluded.refs, doc = excluded.doc, folded = excluded.folded;
INSERT INTO search_index (kind, item_id, refs, doc, folded)
    SELECT 'grant', item_id, refs, doc || refs, lower(replace(replace(doc || refs, 'Đ', 'd'), 'đ', 'd')) FROM search_docs_grant WHERE true
    ON CONFLICT (kind, item_id) DO UPDATE SET refs = excluded.refs, doc = excluded.doc, folded = excluded.folded;
INSERT INTO search_index (kind, item_id, refs, doc, folded)
    SELECT 'payment_request', item_id, refs, doc || refs, lower(replace(replace(doc || refs, 'Đ', 'd'), 'đ', 'd')) FROM search_docs_payment_request WHERE true
    ON CONFLICT (kind, item_id) DO UPDATE SET refs = excluded.refs, doc = excluded.doc, folded = excluded.folded;

-- Keeping it current.
CREATE TRIGGER search_organisation_insert AFTER INSERT ON organisations BEGIN
    INSERT INTO search_index (kind, item_id, refs, doc, folded)
        SELECT 'organisation', item_id, refs, doc || refs, lower(replace(replace(doc || refs, 'Đ', 'd'), 'đ', 'd')) FROM search_docs_organisation WHERE item_id = NEW.id
        ON CONFLICT (kind, item_id) DO UPDATE SET refs = excluded.refs, doc = excluded.doc, folded = excluded.folded;
END;
CREATE TRIGGER search_organisation_rename AFTER UPDATE OF name ON organisations BEGIN
    INSERT INTO search_index (kind, item_id, refs, doc, folded)
        SELECT 'organisation', item_id, refs, doc || refs, lower(replace(replace(doc || refs, 'Đ', 'd'), 'đ', 'd')) FROM search_docs_organisation WHERE item_id = NEW.id
        ON CONFLICT (kind, item_id) DO UPDATE SET refs = excluded.refs, doc = excluded.doc, folded = excluded.folded;
    INSERT INTO search_index (kind, item_id, refs, doc, folded)
        SELECT 'application', item_id, refs, doc || refs, lower(replace(replace(doc || refs, 'Đ', 'd'), 'đ', 'd')) FROM search_docs_application WHERE item_id IN (SELECT id FROM applications WHERE org_id = NEW.id)
        ON CONFLICT (kind, item_id) DO UPDATE SET refs = excluded.refs, doc = excluded.doc, folded = excluded.folded;
    INSERT INTO search_index (kind, item_id, refs, doc, folded)
        SELECT 'grant', item_id, refs, doc || refs, lower(replace(replace(doc || refs, 'Đ', 'd'), 'đ', 'd')) FROM search_docs_grant WHERE item_id IN (SELECT id FROM grants WHERE org_id = NEW.id)
        ON CONFLICT (kind, item_id) DO UPDATE SET refs = excluded.refs, doc = excluded.doc, folded = excluded.folded;
    INSERT INTO search_index (kind, item_id, refs, doc, folded)
        SELECT 'payment_request', item_id, refs, doc || refs, lower(replace(replace(doc || refs, 'Đ', 'd'), 'đ', 'd')) FROM search_docs_payment_request WHERE item_id IN (SELECT pr.id FROM payment_requests pr JOIN grants g ON g.id = pr.grant_id WHERE g.org_id = NEW.id)
        ON CONFLICT (kind, item_id) DO UPDATE SET refs = excluded.refs, doc = excluded.doc, folded = excluded.folded;
END;
CREATE TRIGGER search_organisation_delete AFTER DELETE ON organisations BEGIN
    DELETE FROM search_index WHERE kind = 'organisation' AND item_id = OLD.id;
END;
CREATE TRIGGER search_profile_insert AFTER INSERT ON organisation_profiles BEGIN
    INSERT INTO search_index (kind, item_id, refs, doc, folded)
        SELECT 'organisation', item_id, refs, doc || refs, lower(replace(replace(doc || refs, 'Đ', 'd'), 'đ', 'd')) FROM search_docs_organisation WHERE item_id = NEW.org_id
        ON CONFLICT (kind, item_id) DO UPDATE SET refs = excluded.refs, doc = excluded.doc, folded = excluded.folded;
END;
CREATE TRIGGER search_profile_update AFTER UPDATE ON organisation_profiles BEGIN
    INSERT INTO search_index (kind, item_id, refs, doc, folded)
        SELECT 'organisation', item_id, refs, doc || refs, lower(replace(replace(doc || refs, 'Đ', 'd'), 'đ', 'd')) FROM search_docs_organisation WHERE item_id = NEW.org_id
        ON CONFLICT (kind, item_id) DO UPDATE SET refs = excluded.refs, doc = excluded.doc, folded = excluded.folded;
END;
CREATE TRIGGER search_application_insert AFTER INSERT ON applications BEGIN
    INSERT INTO search_index (kind, item_id, refs, doc, folded)
        SELECT 'application', item_id, refs, doc || refs, lower(replace(replace(doc || refs, 'Đ', 'd'), 'đ', 'd')) FROM search_docs_application WHERE item_id = NEW.id
        ON CONFLICT (kind, item_id) DO UPDATE SET refs = excluded.refs, doc = excluded.doc, folded = excluded.folded;
END;
CREATE TRIGGER search_application_update AFTER UPDATE OF reference, title, org_id ON applications BEGIN
    INSERT INTO search_index (kind, item_id, refs, doc, folded)
        SELECT 'application', item_id, refs, doc || refs, lower(replace(replace(doc || refs, 'Đ', 'd'), 'đ', 'd')) FROM search_docs_application WHERE item_id = NEW.id
        ON CONFLICT (kind, item_id) DO UPDATE SET refs = excluded.refs, doc = excluded.doc, folded = excluded.folded;
    INSERT INTO search_index (kind, item_id, refs, doc, folded)
        SELECT 'grant', item_id, refs, doc || refs, lower(replace(replace(doc || refs, 'Đ', 'd'), 'đ', 'd')) FROM search_docs_grant WHERE item_id IN (SELECT id FROM grants WHERE application_id = NEW.id)
        ON CONFLICT (kind, item_id) DO UPDATE SET refs = excluded.refs, doc = excluded.doc, folded = excluded.folded;
    INSERT INTO search_index (kind, item_id, refs, doc, folded)
        SELECT 'payment_request', item_id, refs, doc || refs, lower(replace(replace(doc || refs, 'Đ', 'd'), 'đ', 'd')) FROM search_docs_payment_request WHERE item_id IN (SELECT pr.id FROM payment_requests pr JOIN grants g ON g.id = pr.grant_id WHERE g.application_id = NEW.id)
        ON CONFLICT (kind, item_id) DO UPDATE SET refs = excluded.refs, doc = excluded.doc, folded = excluded.folded;
END;
CREATE TRIGGER search_application_delete AFTER DELETE ON applications BEGIN
    DELETE FROM search_index WHERE kind = 'application' AND item_id = OLD.id;
END;
CREATE TRIGGER search_municipality_insert AFTER INSERT ON application_municipalities BEGIN
    INSERT INTO search_index (kind, item_id, refs, doc, folded)
        SELECT 'application', item_id, refs, doc || refs, lower(replace(replace(doc || refs, 'Đ', 'd'), 'đ', 'd')) FROM search_docs_application WHERE item_id = NEW.application_id
        ON CONFLICT (kind, item_id) DO UPDATE SET refs = excluded.refs, doc = excluded.doc, folded = excluded.folded;
END;
CREATE TRIGGER search_municipality_delete AFTER DELETE ON application_municipalities BEGIN
    INSERT INTO search_index (kind, item_id, refs, doc, folded)
        SELECT 'application', item_id, refs, doc || refs, lower(replace(replace(doc || refs, 'Đ', 'd'), 'đ', 'd')) FROM search_docs_application WHERE item_id = OLD.application_id
        ON CONFLICT (kind, item_id) DO UPDATE SET refs = excluded.refs, doc = excluded.doc, folded = excluded.folded;
END;
CREATE TRIGGER search_grant_insert AFTER INSERT ON grants BEGIN
    INSERT INTO search_index (kind, item_id, refs, doc, folded)
        SELECT 'grant', item_id, refs, doc || refs, lower(replace(replace(doc || refs, 'Đ', 'd'), 'đ', 'd')) FROM search_docs_grant WHERE item_id = NEW.id
        ON CONFLICT (kind, item_id) DO UPDATE SET refs = excluded.refs, doc = excluded.doc, folded = excluded.folded;
END;
CREATE TRIGGER search_grant_update AFTER UPDATE OF contract_number, iban, org_id, application_id ON grants BEGIN
    INSERT INTO search_index (kind, item_id, refs, doc, folded)
        SELECT 'grant', item_id, refs, doc || refs, lower(replace(replace(doc || refs, 'Đ', 'd'), 'đ', 'd')) FROM search_docs_grant WHERE item_id = NEW.id
        ON CONFLICT (kind, item_id) DO UPDATE SET refs = excluded.refs, doc = excluded.doc, folded = excluded.folded;
    INSERT INTO search_index (kind, item_id, refs, doc, folded)
        SELECT 'payment_request', item_id, refs, doc || refs, lower(replace(replace(doc || refs, 'Đ', 'd'), 'đ', 'd')) FROM search_docs_payment_request WHERE item_id IN (SELECT id FROM payment_requests WHERE grant_id = NEW.id)
        ON CONFLICT (kind, item_id) DO UPDATE SET refs = excluded.refs, doc = excluded.doc, folded = excluded.folded;
END;
CREATE TRIGGER search_grant_delete AFTER DELETE ON grants BEGIN
    DELETE FROM search_index WHERE kind = 'grant' AND item_id = OLD.id;
END;
CREATE TRIGGER search_payment_request_insert AFTER INSERT ON payment_requests BEGIN
    INSERT INTO search_index (kind, item_id, refs, doc, folded)
        SELECT 'payment_request', item_id, refs, doc || refs, lower(replace(replace(doc || refs, 'Đ', 'd'), 'đ', 'd')) FROM search_docs_payment_request WHERE item_id = NEW.id
        ON CONFLICT (kind, item_id) DO UPDATE SET refs = excluded.refs, doc = excluded.doc, folded = excluded.folded;
END;
CREATE TRIGGER search_payment_request_update AFTER UPDATE OF grant_id ON payment_requests BEGIN
    INSERT INTO search_index (kind, item_id, refs, doc, folded)
        SELECT 'payment_request', item_id, refs, doc || refs, lower(replace(replace(doc || refs, 'Đ', 'd'), 'đ', 'd')) FROM search_docs_payment_request WHERE item_id = NEW.id
        ON CONFLICT (kind, item_id) DO UPDATE SET refs = excluded.refs, doc = excluded.doc, folded = excluded.folded;
END;
CREATE TRIGGER search_payment_request_delete AFTER DELETE ON payment_requests BEGIN
    DELETE FROM search_index WHERE kind = 'payment_request' AND item_id = OLD.id;
END;
