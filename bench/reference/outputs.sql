-- The honest reference: the fastest hand-written DuckDB SQL we found for the project's
-- three outputs over the whole raw input (a full build), keeping every rule of
-- docs/contract.md and docs/rules.md in the default `format` mode of session_id_validation
-- (strict mode, `known`, is NOT covered). Not compiled from the models: written for speed.
--
-- The statements shared by both input variants. The two placeholders in braces below are
-- each variant's CTEs: `accepted` (the event rows that pass the screening: event_id,
-- source_id, source_type, a typed received_at, payload, cookie) and `reasons` (every raw
-- row with its reject reason, received_at as text), from text.sql (received_at text: the
-- received_at grammar) or typed.sql (a TIMESTAMP column: kept typed); `raw` in braces is
-- the raw Parquet file path.
-- bench/run.py (reference_statements) fills them in; statements are separated by a line
-- holding only `-- ;`. The outputs are ref_event_sessions, ref_sessions and
-- ref_rejected_events, with the marts' columns in the marts' order. Run with TimeZone =
-- 'UTC'. Checked equal to the dbt models by python/tests/integration/test_reference_query.py.

create or replace table ref_event_sessions as
with

{accepted}

-- the cookie rule: one leftmost match of a whole fsid cookie part whose value (white space
-- around it, one pair of quotes) is a UUID; an invalid fsid never matches, so the leftmost
-- match is the first valid one. The UUID is read from the match's groups.
-- The payload, parsed once: the three keys' JSON values behind a validity guard.
payload_read as (
    select
        event_id,
        source_id,
        source_type,
        received_at,
        payload,
        cookie,
        regexp_extract(
            cookie,
            '(?:^|;)[ \t\n\r\x0B\x0C]*fsid[ \t\n\r\x0B\x0C]*=[ \t\n\r\x0B\x0C]*(?:"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"|([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}))[ \t\n\r\x0B\x0C]*(?:;|\z)',
            ['quoted', 'bare']
        ) as fsid,
        json_valid(payload) as is_json,
        json_extract(
            case when json_valid(payload) then payload end,
            ['$.session_id', '$.profile_id', '$.event']
        ) as fields
    from accepted
),

payload_values as (
    select
        *,
        lower(coalesce(nullif(fsid.quoted, ''), nullif(fsid.bare, ''))) as cookie_session_id,
        json_type(fields[1]) as session_id_type,
        lower(regexp_extract(
            case when json_type(fields[1]) = 'VARCHAR' then json_extract_string(fields[1], '$') end,
            '^[ \t\n\r\x0B\x0C]*([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})[ \t\n\r\x0B\x0C]*\z',
            1
        )) as normalized_id,
        nullif(case when json_type(fields[2]) = 'VARCHAR' then json_extract_string(fields[2], '$') end, '')
            as profile_id,
        nullif(case when json_type(fields[3]) = 'VARCHAR' then json_extract_string(fields[3], '$') end, '')
            as event_name
    from payload_read
),

statuses as (
    select
        event_id,
        source_id,
        source_type,
        received_at,
        profile_id,
        event_name,
        case
            when payload is null or payload = '' then 'no_payload'
            when not is_json then 'invalid_json'
            -- valid JSON: an object exactly when its first non-white-space character is {
            when not regexp_matches(payload, '^[ \t\n\r]*\{') then 'not_an_object'
            when session_id_type is null then 'absent'
            when session_id_type = 'NULL' then 'null'
            when session_id_type <> 'VARCHAR' then 'not_a_string'
            when normalized_id = '' then 'malformed'
            else 'valid'
        end as payload_session_status,
        case when session_id_type = 'VARCHAR' then nullif(normalized_id, '') end as payload_session_id,
        case
            when cookie_session_id is not null then 'valid'
            when regexp_matches(cookie, '(?:^|;)[ \t\n\r\x0B\x0C]*fsid[ \t\n\r\x0B\x0C]*=') then 'malformed'
            else 'absent'
        end as cookie_session_status,
        cookie_session_id
    from payload_values
),

-- deduplication (docs/rules.md): the first delivery by the delivery order, and the count
deduplicated as (
    select
        *,
        count(*) over (partition by event_id) as delivery_count
    from statuses
    qualify row_number() over (
        partition by event_id
        order by
            received_at,
            source_id nulls first,
            source_type nulls first,
            payload_session_status,
            payload_session_id nulls first,
            profile_id nulls first,
            event_name nulls first,
            cookie_session_status,
            cookie_session_id nulls first
    ) = 1
),

resolved as (
    select
        *,
        case
            when payload_session_status = 'valid' then 'payload'
            when cookie_session_status = 'valid' then 'cookie'
            else 'minted'
        end as resolved_by,
        -- the mint rule's h, only for the events that mint
        case
            when payload_session_status <> 'valid' and cookie_session_status <> 'valid'
                then md5('firstparty-session:' || event_id)
        end as h,
        case
            when payload_session_status <> 'valid' and cookie_session_status <> 'valid'
                then lpad(lower(hex(epoch_us(received_at) // 1000)), 12, '0')
        end as t
    from deduplicated
)

select
    event_id,
    case resolved_by
        when 'payload' then payload_session_id
        when 'cookie' then cookie_session_id
        else
            substr(t, 1, 8) || '-' || substr(t, 9, 4) || '-8' || substr(h, 1, 3) || '-'
            || substr('89ab89ab89ab89ab', strpos('0123456789abcdef', substr(h, 4, 1)), 1)
            || substr(h, 5, 3) || '-' || substr(h, 8, 12)
    end as session_id,
    resolved_by,
    received_at,
    source_id,
    source_type,
    profile_id,
    event_name,
    delivery_count,
    payload_session_status,
    payload_session_id,
    cookie_session_status,
    cookie_session_id,
    cast(received_at as date) as received_on
from resolved;
-- ;

create or replace table ref_sessions as
with

aggregated as (
    select
        session_id,
        min(received_at) as created_at,
        max(received_at) as updated_at,
        min({'r': received_at, 'e': event_id, 'p': profile_id}) filter (where profile_id is not null)
            as first_profile,
        count(*) as event_count,
        -- "first" and "last": by received_at, then event_id (docs/rules.md, Outputs)
        min({'r': received_at, 'e': event_id, 'b': resolved_by, 'n': event_name, 's': source_id, 't': source_type})
            as first_event,
        max({'r': received_at, 'e': event_id, 'n': event_name}) as last_event,
        string_agg(distinct source_type, ',' order by source_type) as source_types,
        count(distinct source_id) as source_count
    from ref_event_sessions
    group by session_id
)

select
    session_id,
    created_at,
    updated_at,
    first_profile.p as profile_id,
    event_count,
    first_event.b as created_by,
    source_types,
    source_count > 1 as is_cross_source,
    first_event.e as first_event_id,
    cast(created_at as date) as created_on,
    cast(epoch_us(updated_at) - epoch_us(created_at) as double) / 1000000 as duration_seconds,
    first_event.n as first_event_name,
    last_event.n as last_event_name,
    first_event.s as first_source_id,
    first_event.t as first_source_type,
    source_count
from aggregated;
-- ;

-- every raw row that cannot be an event, with the first reason (docs/rules.md); reject_id
-- as the rejected_events model computes it (identity + occurrence, no load marker)
create or replace table ref_rejected_events as
with

{reasons}

numbered as (
    select
        *,
        row_number() over (
            partition by event_id, source_id, source_type, received_at, payload, reason
        ) as occurrence
    from reasons
    where reason is not null
)

select
    md5(
        coalesce('v' || length(event_id) || ':' || event_id, 'n')
        || coalesce('v' || length(source_id) || ':' || source_id, 'n')
        || coalesce('v' || length(source_type) || ':' || source_type, 'n')
        || coalesce('v' || length(received_at) || ':' || received_at, 'n')
        || coalesce('v' || length(payload) || ':' || payload, 'n')
        || coalesce('v' || length(reason) || ':' || reason, 'n')
        || 'n'  -- the load marker: none (no load column)
        || 'v' || length(cast(occurrence as varchar)) || ':' || cast(occurrence as varchar)
    ) as reject_id,
    event_id,
    source_id,
    source_type,
    received_at,
    payload,
    reason
from numbered;
