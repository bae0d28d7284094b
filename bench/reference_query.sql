-- The single-statement reference: what DuckDB can do, written by hand (not compiled from
-- the models), applying the same rules (docs/rules.md, default `format` mode).
--
-- Three statements, one per output (a statement creates one table):
--   1. ref_event_sessions  ONE statement from the raw file: screen, reduce the cookie,
--                          deduplicate (a window), read the payload once,
--                          resolve and mint;
--   2. ref_sessions        ONE statement from ref_event_sessions (one hash aggregate);
--   3. ref_rejected_events ONE statement from the raw file.
-- `{raw}` is replaced by the raw Parquet file path (bench/run.py). Statements are separated
-- by a line holding only `-- ;` so that a runner can time them one by one.

create or replace table ref_event_sessions as
with

raw as (
    select
        event_id,
        source_id,
        source_type,
        cast(received_at as varchar) as received_at_text,
        payload,
        cookie
    from read_parquet('{raw}')
),

timed as (
    select
        *,
        case
            when regexp_matches(
                received_at_text,
                '^(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-[0-9]{2}-[0-9]{2}(?:[T ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,9})?)?(?:Z|[+-](?:[01][0-9]|2[0-3])(?::?[0-5][0-9])?)?)?\z'
            )
                then
                    case
                        when regexp_matches(received_at_text, ':[0-9]{2}(?:\.[0-9]+)?(?:Z|[+-][0-9:]+)\z')
                            then try_cast(received_at_text as timestamptz) at time zone 'UTC'
                        else try_cast(received_at_text as timestamp)
                    end
        end as received_at
    from raw
    where
        event_id is not null
        and not regexp_matches(event_id, '^[ \t\n\r\x0B\x0C]*\z')
        and received_at_text <> ''
),

accepted as (
    select
        event_id,
        source_id,
        source_type,
        received_at,
        payload,
        -- the whole leftmost valid fsid cookie part, then the UUID inside it
        lower(nullif(regexp_extract(
            regexp_extract(
                cookie,
                '(?:^|;)[ \t\n\r\x0B\x0C]*fsid[ \t\n\r\x0B\x0C]*=[ \t\n\r\x0B\x0C]*(?:"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})[ \t\n\r\x0B\x0C]*(?:;|\z)',
                0
            ),
            '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}',
            0
        ), '')) as cookie_session_id,
        cookie
    from timed
    where received_at >= timestamp '1970-01-01' and year(received_at) < 10000
),

cookie_read as (
    select
        event_id,
        source_id,
        source_type,
        received_at,
        payload,
        cookie_session_id,
        case
            when cookie_session_id is not null then 'valid'
            when regexp_matches(cookie, '(?:^|;)[ \t\n\r\x0B\x0C]*fsid[ \t\n\r\x0B\x0C]*=') then 'malformed'
            else 'absent'
        end as cookie_session_status
    from accepted
),

-- first delivery per event (docs/rules.md, Deduplication) and the delivery count
deduplicated as (
    select
        *,
        count(*) over (partition by event_id) as delivery_count
    from cookie_read
    qualify row_number() over (
        partition by event_id
        order by
            received_at,
            payload nulls first,
            source_id nulls first,
            source_type nulls first,
            cookie_session_id nulls first,
            cookie_session_status
    ) = 1
),

read_payload as (
    select
        event_id,
        delivery_count,
        source_id,
        source_type,
        received_at,
        payload,
        cookie_session_id,
        cookie_session_status,
        json_valid(payload) as is_json,
        json_type(case when json_valid(payload) then payload end) as top_type,
        json_extract(
            case when json_valid(payload) then payload end,
            ['$.session_id', '$.profile_id', '$.event']
        ) as fields
    from deduplicated
),

payload_values as (
    select
        *,
        json_type(fields[1]) as session_id_type,
        lower(nullif(regexp_extract(
            case when json_type(fields[1]) = 'VARCHAR' then json_extract_string(fields[1], '$') end,
            '^[ \t\n\r\x0B\x0C]*([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})[ \t\n\r\x0B\x0C]*\z',
            1
        ), '')) as payload_id,
        nullif(case when json_type(fields[2]) = 'VARCHAR' then json_extract_string(fields[2], '$') end, '')
            as profile_id,
        nullif(case when json_type(fields[3]) = 'VARCHAR' then json_extract_string(fields[3], '$') end, '')
            as event_name
    from read_payload
),

statuses as (
    select
        *,
        case
            when payload is null or payload = '' then 'no_payload'
            when not is_json then 'invalid_json'
            when top_type <> 'OBJECT' then 'not_an_object'
            when session_id_type is null then 'absent'
            when session_id_type = 'NULL' then 'null'
            when session_id_type <> 'VARCHAR' then 'not_a_string'
            when payload_id is null then 'malformed'
            else 'valid'
        end as payload_session_status
    from payload_values
)

select
    event_id,
    case
        when payload_session_status = 'valid' then payload_id
        when cookie_session_status = 'valid' then cookie_session_id
        else
            -- minted: t = epoch ms as 12 hex digits, h = md5('firstparty-session:' || id)
            substr(lpad(lower(hex(epoch_us(received_at) // 1000)), 12, '0'), 1, 8)
            || '-' || substr(lpad(lower(hex(epoch_us(received_at) // 1000)), 12, '0'), 9, 4)
            || '-8' || substr(md5('firstparty-session:' || event_id), 1, 3)
            || '-' || substr('89ab', (strpos('0123456789abcdef', substr(md5('firstparty-session:' || event_id), 4, 1)) - 1) % 4 + 1, 1)
            || substr(md5('firstparty-session:' || event_id), 5, 3)
            || '-' || substr(md5('firstparty-session:' || event_id), 8, 12)
    end as session_id,
    case
        when payload_session_status = 'valid' then 'payload'
        when cookie_session_status = 'valid' then 'cookie'
        else 'minted'
    end as resolved_by,
    received_at,
    source_id,
    source_type,
    profile_id,
    event_name,
    delivery_count,
    payload_session_status,
    case when session_id_type = 'VARCHAR' then payload_id end as payload_session_id,
    cookie_session_status,
    cookie_session_id,
    cast(received_at as date) as received_on
from statuses;
-- ;

create or replace table ref_sessions as
select
    session_id,
    min(received_at) as created_at,
    max(received_at) as updated_at,
    arg_min(profile_id, {'r': received_at, 'e': event_id}) filter (where profile_id is not null)
        as profile_id,
    count(*) as event_count,
    arg_min(resolved_by, {'r': received_at, 'e': event_id}) as created_by,
    string_agg(distinct source_type, ',' order by source_type) as source_types,
    count(distinct source_id) > 1 as is_cross_source,
    arg_min(event_id, {'r': received_at, 'e': event_id}) as first_event_id,
    cast(min(received_at) as date) as created_on
from ref_event_sessions
group by session_id;
-- ;

create or replace table ref_rejected_events as
with

raw as (
    select
        event_id,
        source_id,
        source_type,
        cast(received_at as varchar) as received_at,
        payload
    from read_parquet('{raw}')
),

reasons as (
    select
        *,
        case
            when event_id is null or regexp_matches(event_id, '^[ \t\n\r\x0B\x0C]*\z') then 'missing_event_id'
            when received_at is null or received_at = '' then 'missing_received_at'
            when not regexp_matches(
                received_at,
                '^(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-[0-9]{2}-[0-9]{2}(?:[T ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,9})?)?(?:Z|[+-](?:[01][0-9]|2[0-3])(?::?[0-5][0-9])?)?)?\z'
            ) then 'unparseable_received_at'
        end as early_reason,
        case
            when regexp_matches(received_at, ':[0-9]{2}(?:\.[0-9]+)?(?:Z|[+-][0-9:]+)\z')
                then try_cast(received_at as timestamptz) at time zone 'UTC'
            else try_cast(received_at as timestamp)
        end as parsed
    from raw
),

rejected as (
    select
        event_id,
        source_id,
        source_type,
        received_at,
        payload,
        coalesce(
            early_reason,
            case
                when parsed is null then 'unparseable_received_at'
                when parsed < timestamp '1970-01-01' or year(parsed) >= 10000 then 'received_at_out_of_range'
            end
        ) as reason
    from reasons
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
from (
    select
        *,
        row_number() over (
            partition by event_id, source_id, source_type, received_at, payload, reason
        ) as occurrence
    from rejected
    where reason is not null
);
