-- The honest reference's CTEs for a raw input whose received_at is text (any type other
-- than TIMESTAMP and TIMESTAMP WITH TIME ZONE; it is read as text, the received_at grammar
-- applies). The statements they feed are outputs.sql; bench/run.py fills them in there.
-- Each CTE block follows its marker line and ends with a comma.

-- {accepted}
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

-- accepted rows only (the rejects are statement 3): a usable event_id, a received_at of
-- the grammar (docs/rules.md, received_at), its UTC value within range
timed as (
    select
        event_id,
        source_id,
        source_type,
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
        end as received_at,
        payload,
        cookie
    from raw
    where
        event_id is not null
        and not regexp_matches(event_id, '^[ \t\n\r\x0B\x0C]*\z')
),

accepted as (
    select * from timed
    where received_at >= timestamp '1970-01-01' and received_at < timestamp '10000-01-01'
),

-- {reasons}
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
        event_id,
        source_id,
        source_type,
        received_at,
        payload,
        case
            when event_id is null or regexp_matches(event_id, '^[ \t\n\r\x0B\x0C]*\z') then 'missing_event_id'
            when received_at is null or received_at = '' then 'missing_received_at'
            when not regexp_matches(
                received_at,
                '^(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-[0-9]{2}-[0-9]{2}(?:[T ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,9})?)?(?:Z|[+-](?:[01][0-9]|2[0-3])(?::?[0-5][0-9])?)?)?\z'
            ) then 'unparseable_received_at'
            else
                -- of the grammar: parse; a date that does not exist, or a UTC value out of range
                case
                    when (
                        case
                            when regexp_matches(received_at, ':[0-9]{2}(?:\.[0-9]+)?(?:Z|[+-][0-9:]+)\z')
                                then try_cast(received_at as timestamptz) at time zone 'UTC'
                            else try_cast(received_at as timestamp)
                        end
                    ) is null then 'unparseable_received_at'
                    when not (
                        case
                            when regexp_matches(received_at, ':[0-9]{2}(?:\.[0-9]+)?(?:Z|[+-][0-9:]+)\z')
                                then try_cast(received_at as timestamptz) at time zone 'UTC'
                            else try_cast(received_at as timestamp)
                        end
                    ) between timestamp '1970-01-01' and timestamp '9999-12-31 23:59:59.999999'
                        then 'received_at_out_of_range'
                end
        end as reason
    from raw
),
