window.YTD.tweet.part0 = [ {
  "retweeted": false,
  "entities": {
    "hashtags": [],
    "symbols": [],
    "user_mentions": [],
    "urls": []
  },
  "display_text_range": [
    "0",
    "14"
  ],
  "favorite_count": "1",
  "id_str": "1600000000000000201",
  "truncated": false,
  "id": "1.6000000000000002E18",
  "created_at": "Sat Nov 05 10:00:01 +0000 2022",
  "full_text": "Root-level one",
  "lang": "en"
}, {
  "retweeted": false,
  "entities": {
    "hashtags": [],
    "symbols": [],
    "user_mentions": [],
    "urls": []
  },
  "display_text_range": [
    "0",
    "14"
  ],
  "favorite_count": "1",
  "id_str": "1600000000000000202",
  "truncated": false,
  "id": "1.6000000000000002E18",
  "created_at": "Sat Nov 05 10:00:02 +0000 2022",
  "full_text": "Root-level two",
  "lang": "en",
  "in_reply_to_status_id_str": "1600000000000000201",
  "in_reply_to_status_id": "1600000000000000201",
  "in_reply_to_user_id_str": "1234567",
  "in_reply_to_user_id": "1234567",
  "in_reply_to_screen_name": "archowner"
} ]