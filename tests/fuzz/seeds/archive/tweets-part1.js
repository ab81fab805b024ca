window.YTD.tweets.part1 = [
{
  "tweet": {
    "retweeted": false,
    "entities": {
      "hashtags": [],
      "symbols": [],
      "user_mentions": [],
      "urls": []
    },
    "display_text_range": [
      "0",
      "22"
    ],
    "favorite_count": "1",
    "id_str": "1600000000000000005",
    "truncated": false,
    "id": "1600000000000000005",
    "created_at": "Sat Nov 05 10:00:05 +0000 2022",
    "full_text": "A branch off the start",
    "lang": "en",
    "in_reply_to_status_id_str": "1600000000000000001",
    "in_reply_to_status_id": "1600000000000000001",
    "in_reply_to_user_id_str": "1234567",
    "in_reply_to_user_id": "1234567",
    "in_reply_to_screen_name": "archowner",
    "edit_info": {
      "initial": {
        "editTweetIds": [
          "1600000000000000005"
        ],
        "editsRemaining": "5",
        "isEditEligible": true
      }
    }
  }
},
{
  "tweet": {
    "retweeted": false,
    "entities": {
      "hashtags": [],
      "symbols": [],
      "user_mentions": [],
      "urls": [],
      "media": [
        {
          "expanded_url": "https://twitter.com/archowner/status/x/photo/1",
          "indices": [
            "32",
            "48"
          ],
          "url": "https://t.co/pic",
          "media_url_https": "https://pbs.twimg.com/media/dotdot.jpg",
          "id_str": "9",
          "type": "photo",
          "display_url": "pic.twitter.com/pic",
          "sizes": {
            "large": {
              "w": "8",
              "h": "6",
              "resize": "fit"
            }
          }
        }
      ]
    },
    "display_text_range": [
      "0",
      "48"
    ],
    "favorite_count": "1",
    "id_str": "1600000000000000013",
    "truncated": false,
    "id": "1600000000000000013",
    "created_at": "Sat Nov 05 10:00:13 +0000 2022",
    "full_text": "A photo stored under a bad name https://t.co/pic",
    "lang": "en",
    "extended_entities": {
      "media": [
        {
          "expanded_url": "https://twitter.com/archowner/status/x/photo/1",
          "indices": [
            "32",
            "48"
          ],
          "url": "https://t.co/pic",
          "media_url_https": "https://pbs.twimg.com/media/dotdot.jpg",
          "id_str": "9",
          "type": "photo",
          "display_url": "pic.twitter.com/pic",
          "sizes": {
            "large": {
              "w": "8",
              "h": "6",
              "resize": "fit"
            }
          }
        }
      ]
    },
    "edit_info": {
      "initial": {
        "editTweetIds": [
          "1600000000000000013"
        ],
        "editsRemaining": "5",
        "isEditEligible": true
      }
    }
  }
},
{
  "tweet": {
    "retweeted": false,
    "entities": {
      "hashtags": [],
      "symbols": [],
      "user_mentions": [],
      "urls": [],
      "media": [
        {
          "expanded_url": "https://twitter.com/archowner/status/x/photo/1",
          "indices": [
            "6",
            "22"
          ],
          "url": "https://t.co/pic",
          "media_url_https": "https://pbs.twimg.com/media/thumb.jpg",
          "id_str": "9",
          "type": "animated_gif",
          "display_url": "pic.twitter.com/pic",
          "sizes": {
            "large": {
              "w": "8",
              "h": "6",
              "resize": "fit"
            }
          },
          "video_info": {
            "variants": [
              {
                "bitrate": "256000",
                "content_type": "video/mp4",
                "url": "https://video.twimg.com/v/low.mp4?tag=1"
              },
              {
                "bitrate": "2176000",
                "content_type": "video/mp4",
                "url": "https://video.twimg.com/v/loop.mp4?tag=12"
              },
              {
                "content_type": "application/x-mpegURL",
                "url": "https://video.twimg.com/v/pl.m3u8"
              }
            ]
          }
        }
      ]
    },
    "display_text_range": [
      "0",
      "22"
    ],
    "favorite_count": "1",
    "id_str": "1600000000000000014",
    "truncated": false,
    "id": "1600000000000000014",
    "created_at": "Sat Nov 05 10:00:14 +0000 2022",
    "full_text": "A GIF https://t.co/pic",
    "lang": "en",
    "extended_entities": {
      "media": [
        {
          "expanded_url": "https://twitter.com/archowner/status/x/photo/1",
          "indices": [
            "6",
            "22"
          ],
          "url": "https://t.co/pic",
          "media_url_https": "https://pbs.twimg.com/media/thumb.jpg",
          "id_str": "9",
          "type": "animated_gif",
          "display_url": "pic.twitter.com/pic",
          "sizes": {
            "large": {
              "w": "8",
              "h": "6",
              "resize": "fit"
            }
          },
          "video_info": {
            "variants": [
              {
                "bitrate": "256000",
                "content_type": "video/mp4",
                "url": "https://video.twimg.com/v/low.mp4?tag=1"
              },
              {
                "bitrate": "2176000",
                "content_type": "video/mp4",
                "url": "https://video.twimg.com/v/loop.mp4?tag=12"
              },
              {
                "content_type": "application/x-mpegURL",
                "url": "https://video.twimg.com/v/pl.m3u8"
              }
            ]
          }
        }
      ]
    },
    "edit_info": {
      "initial": {
        "editTweetIds": [
          "1600000000000000014"
        ],
        "editsRemaining": "5",
        "isEditEligible": true
      }
    }
  }
},
{
  "tweet": {
    "retweeted": false,
    "entities": {
      "hashtags": [],
      "symbols": [],
      "user_mentions": [],
      "urls": []
    },
    "display_text_range": [
      "0",
      "23"
    ],
    "favorite_count": "1",
    "id_str": "1600000000000000015",
    "truncated": false,
    "id": "1600000000000000015",
    "created_at": "Sat Nov 05 10:00:11 +0000 2022",
    "full_text": "Same second, other text",
    "lang": "en",
    "edit_info": {
      "initial": {
        "editTweetIds": [
          "1600000000000000015"
        ],
        "editsRemaining": "5",
        "isEditEligible": true
      }
    }
  }
}
]