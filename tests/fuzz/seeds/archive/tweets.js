window.YTD.tweets.part0 = [
{
  "tweet": {
    "retweeted": false,
    "entities": {
      "hashtags": [
        {
          "text": "tag",
          "indices": [
            "26",
            "30"
          ]
        }
      ],
      "symbols": [],
      "user_mentions": [
        {
          "screen_name": "friend",
          "name": "F",
          "id_str": "42",
          "indices": [
            "31",
            "38"
          ]
        }
      ],
      "urls": [
        {
          "url": "https://t.co/abc",
          "expanded_url": "https://example.com/a?b=1",
          "display_url": "example.com/a?b=1",
          "indices": [
            "39",
            "55"
          ]
        }
      ],
      "media": [
        {
          "expanded_url": "https://twitter.com/archowner/status/x/photo/1",
          "indices": [
            "56",
            "72"
          ],
          "url": "https://t.co/pic",
          "media_url_https": "https://pbs.twimg.com/media/red.jpg",
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
      "72"
    ],
    "favorite_count": "1",
    "id_str": "1600000000000000001",
    "truncated": false,
    "id": "1600000000000000001",
    "created_at": "Sat Nov 05 10:00:01 +0000 2022",
    "full_text": "Thread start &amp; \"more\" #tag @friend https://t.co/abc https://t.co/pic",
    "lang": "en",
    "extended_entities": {
      "media": [
        {
          "expanded_url": "https://twitter.com/archowner/status/x/photo/1",
          "indices": [
            "56",
            "72"
          ],
          "url": "https://t.co/pic",
          "media_url_https": "https://pbs.twimg.com/media/red.jpg",
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
          "1600000000000000001"
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
            "21",
            "37"
          ],
          "url": "https://t.co/pic",
          "media_url_https": "https://pbs.twimg.com/media/thumb.jpg",
          "id_str": "9",
          "type": "video",
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
                "url": "https://video.twimg.com/v/clip.mp4?tag=12"
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
      "37"
    ],
    "favorite_count": "1",
    "id_str": "1600000000000000002",
    "truncated": false,
    "id": "1600000000000000002",
    "created_at": "Sat Nov 05 10:00:02 +0000 2022",
    "full_text": "Second, with a video https://t.co/pic",
    "lang": "en",
    "in_reply_to_status_id_str": "1600000000000000001",
    "in_reply_to_status_id": "1600000000000000001",
    "in_reply_to_user_id_str": "1234567",
    "in_reply_to_user_id": "1234567",
    "in_reply_to_screen_name": "archowner",
    "extended_entities": {
      "media": [
        {
          "expanded_url": "https://twitter.com/archowner/status/x/photo/1",
          "indices": [
            "21",
            "37"
          ],
          "url": "https://t.co/pic",
          "media_url_https": "https://pbs.twimg.com/media/thumb.jpg",
          "id_str": "9",
          "type": "video",
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
                "url": "https://video.twimg.com/v/clip.mp4?tag=12"
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
          "1600000000000000002"
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
      "18"
    ],
    "favorite_count": "1",
    "id_str": "1600000000000000003",
    "truncated": false,
    "id": "1600000000000000003",
    "created_at": "Sat Nov 05 10:00:03 +0000 2022",
    "full_text": "Third, first draft",
    "lang": "en",
    "in_reply_to_status_id_str": "1600000000000000002",
    "in_reply_to_status_id": "1600000000000000002",
    "in_reply_to_user_id_str": "1234567",
    "in_reply_to_user_id": "1234567",
    "in_reply_to_screen_name": "archowner",
    "edit_info": {
      "initial": {
        "editTweetIds": [
          "1600000000000000003",
          "1600000000000000004"
        ],
        "editsRemaining": "4",
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
      "13"
    ],
    "favorite_count": "1",
    "id_str": "1600000000000000004",
    "truncated": false,
    "id": "1600000000000000004",
    "created_at": "Sat Nov 05 10:00:04 +0000 2022",
    "full_text": "Third, edited",
    "lang": "en",
    "in_reply_to_status_id_str": "1600000000000000002",
    "in_reply_to_status_id": "1600000000000000002",
    "in_reply_to_user_id_str": "1234567",
    "in_reply_to_user_id": "1234567",
    "in_reply_to_screen_name": "archowner",
    "edit_info": {
      "edit": {
        "initialTweetId": "1600000000000000003",
        "editControlInitial": {
          "editTweetIds": [
            "1600000000000000003",
            "1600000000000000004"
          ]
        }
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
      "26"
    ],
    "favorite_count": "1",
    "id_str": "1600000000000000006",
    "truncated": false,
    "id": "1600000000000000006",
    "created_at": "Sat Nov 05 10:00:06 +0000 2022",
    "full_text": "Answering my deleted tweet",
    "lang": "en",
    "in_reply_to_status_id_str": "1600000000000000099",
    "in_reply_to_status_id": "1600000000000000099",
    "in_reply_to_user_id_str": "1234567",
    "in_reply_to_user_id": "1234567",
    "in_reply_to_screen_name": "archowner",
    "edit_info": {
      "initial": {
        "editTweetIds": [
          "1600000000000000006"
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
      "19"
    ],
    "favorite_count": "1",
    "id_str": "1600000000000000007",
    "truncated": false,
    "id": "1600000000000000007",
    "created_at": "Sat Nov 05 10:00:07 +0000 2022",
    "full_text": "@someone I disagree",
    "lang": "en",
    "in_reply_to_status_id_str": "1500000000000000000",
    "in_reply_to_status_id": "1500000000000000000",
    "in_reply_to_user_id_str": "999",
    "in_reply_to_user_id": "999",
    "in_reply_to_screen_name": "someone",
    "edit_info": {
      "initial": {
        "editTweetIds": [
          "1600000000000000007"
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
      "user_mentions": [
        {
          "screen_name": "someone",
          "indices": [
            "3",
            "11"
          ]
        }
      ],
      "urls": [],
      "hashtags": [],
      "symbols": []
    },
    "display_text_range": [
      "0",
      "39"
    ],
    "favorite_count": "1",
    "id_str": "1600000000000000008",
    "truncated": false,
    "id": "1600000000000000008",
    "created_at": "Sat Nov 05 10:00:08 +0000 2022",
    "full_text": "RT @someone: something worth passing on",
    "lang": "en",
    "edit_info": {
      "initial": {
        "editTweetIds": [
          "1600000000000000008"
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
      "urls": [
        {
          "url": "https://t.co/q1",
          "expanded_url": "https://twitter.com/archowner/status/1600000000000000001",
          "display_url": "twitter.com/archowner/status/…",
          "indices": [
            "13",
            "28"
          ]
        }
      ],
      "hashtags": [],
      "symbols": [],
      "user_mentions": []
    },
    "display_text_range": [
      "0",
      "28"
    ],
    "favorite_count": "1",
    "id_str": "1600000000000000009",
    "truncated": false,
    "id": "1600000000000000009",
    "created_at": "Sat Nov 05 10:00:09 +0000 2022",
    "full_text": "Look at this https://t.co/q1",
    "lang": "en",
    "edit_info": {
      "initial": {
        "editTweetIds": [
          "1600000000000000009"
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
      "urls": [
        {
          "url": "https://t.co/q2",
          "expanded_url": "https://twitter.com/someone/status/1400000000000000000",
          "display_url": "twitter.com/someone/statu…",
          "indices": [
            "9",
            "24"
          ]
        }
      ],
      "hashtags": [],
      "symbols": [],
      "user_mentions": []
    },
    "display_text_range": [
      "0",
      "24"
    ],
    "favorite_count": "1",
    "id_str": "1600000000000000010",
    "truncated": false,
    "id": "1600000000000000010",
    "created_at": "Sat Nov 05 10:00:10 +0000 2022",
    "full_text": "Not mine https://t.co/q2",
    "lang": "en",
    "edit_info": {
      "initial": {
        "editTweetIds": [
          "1600000000000000010"
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
      "271"
    ],
    "favorite_count": "1",
    "id_str": "1600000000000000011",
    "truncated": false,
    "id": "1600000000000000011",
    "created_at": "Sat Nov 05 10:00:11 +0000 2022",
    "full_text": "This is a long post that goes on past the old limit of two hundred and eighty characters, so the archive cuts it in tweets.js and keeps the whole text in note-tweet.js, which the reader has to find by its creation time and the start of its text. Here is the rest of it, …",
    "lang": "en",
    "edit_info": {
      "initial": {
        "editTweetIds": [
          "1600000000000000011"
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
            "25",
            "41"
          ],
          "url": "https://t.co/pic",
          "media_url_https": "https://pbs.twimg.com/media/gone.jpg",
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
      "41"
    ],
    "favorite_count": "1",
    "id_str": "1600000000000000012",
    "truncated": false,
    "id": "1600000000000000012",
    "created_at": "Sat Nov 05 10:00:12 +0000 2022",
    "full_text": "A photo that was trimmed https://t.co/pic",
    "lang": "en",
    "extended_entities": {
      "media": [
        {
          "expanded_url": "https://twitter.com/archowner/status/x/photo/1",
          "indices": [
            "25",
            "41"
          ],
          "url": "https://t.co/pic",
          "media_url_https": "https://pbs.twimg.com/media/gone.jpg",
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
          "1600000000000000012"
        ],
        "editsRemaining": "5",
        "isEditEligible": true
      }
    }
  }
}
]