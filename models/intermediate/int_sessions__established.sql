{#- Strict mode's established sessions: every valid fsid cookie ID, and the minted ID of
    every event that had neither a well-formed payload ID nor a valid cookie. Defined
    over all events, so it does not depend on their order. -#}
with

events as (

    select * from {{ ref('int_events__deduplicated') }}

),

from_cookies as (

    select cookie_session_id as session_id
    from events
    where cookie_session_status = 'valid'

),

from_minting as (

    select {{ firstparty_sessions.mint_session_id('event_id', 'received_at') }} as session_id
    from events
    where payload_session_status <> 'valid' and cookie_session_status <> 'valid'

),

established as (

    select session_id from from_cookies
    union
    select session_id from from_minting

)

select * from established
