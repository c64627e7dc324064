import type { Example } from './route.js';

/** Whole results that several responses show. */
export const EXAMPLES: Record<string, Example> = {
  FrameResultViolation: {
    summary:
      'Four workers without gloves: real Rekognition detections, with FACE_COVER and HAND_COVER required',
    value: {
      frameId: '3f0c9a52-6d1e-4b8a-9f47-2c5e8d1b7a90',
      cameraId: 'cam-01',
      location: 'plant-3/line-2',
      capturedAt: '2026-11-27T09:00:00.000Z',
      source: 'api',
      requiredEquipment: ['FACE_COVER', 'HAND_COVER'],
      minConfidence: 80,
      policy: 'default',
      status: 'violation',
      modelVersion: '1.0',
      summary: {
        personsWithRequiredEquipment: [],
        personsWithoutRequiredEquipment: [0, 1, 2, 3],
        personsIndeterminate: [],
      },
      persons: [
        {
          personId: 0,
          status: 'violation',
          missingEquipment: ['HAND_COVER'],
          uncertainEquipment: [],
          confidence: 99.974,
          boundingBox: {
            left: 0.702604,
            top: 0.157031,
            width: 0.222917,
            height: 0.824219,
          },
          bodyParts: [
            {
              name: 'FACE',
              confidence: 99.077,
              equipment: [
                {
                  type: 'FACE_COVER',
                  confidence: 99.984,
                  coversBodyPart: true,
                  coversConfidence: 99.763,
                  boundingBox: {
                    left: 0.753747,
                    top: 0.260886,
                    width: 0.068054,
                    height: 0.093818,
                  },
                },
              ],
            },
            {
              name: 'LEFT_HAND',
              confidence: 99.257,
              equipment: [],
            },
            {
              name: 'RIGHT_HAND',
              confidence: 80.115,
              equipment: [],
            },
            {
              name: 'HEAD',
              confidence: 99.969,
              equipment: [
                {
                  type: 'HEAD_COVER',
                  confidence: 98.483,
                  coversBodyPart: true,
                  coversConfidence: 99.997,
                  boundingBox: {
                    left: 0.745578,
                    top: 0.162041,
                    width: 0.093582,
                    height: 0.107539,
                  },
                },
              ],
            },
          ],
        },
        {
          personId: 1,
          status: 'violation',
          missingEquipment: ['HAND_COVER'],
          uncertainEquipment: [],
          confidence: 99.996,
          boundingBox: {
            left: 0.494271,
            top: 0.242969,
            width: 0.219792,
            height: 0.742969,
          },
          bodyParts: [
            {
              name: 'FACE',
              confidence: 99.713,
              equipment: [
                {
                  type: 'FACE_COVER',
                  confidence: 99.961,
                  coversBodyPart: true,
                  coversConfidence: 96.604,
                  boundingBox: {
                    left: 0.577518,
                    top: 0.336714,
                    width: 0.057328,
                    height: 0.073234,
                  },
                },
              ],
            },
            {
              name: 'LEFT_HAND',
              confidence: 98.096,
              equipment: [],
            },
            {
              name: 'RIGHT_HAND',
              confidence: 95.691,
              equipment: [],
            },
            {
              name: 'HEAD',
              confidence: 99.997,
              equipment: [
                {
                  type: 'HEAD_COVER',
                  confidence: 97.718,
                  coversBodyPart: true,
                  coversConfidence: 99.945,
                  boundingBox: {
                    left: 0.564139,
                    top: 0.239458,
                    width: 0.079945,
                    height: 0.084795,
                  },
                },
              ],
            },
          ],
        },
        {
          personId: 2,
          status: 'violation',
          missingEquipment: ['HAND_COVER'],
          uncertainEquipment: [],
          confidence: 99.986,
          boundingBox: {
            left: 0.121875,
            top: 0.267969,
            width: 0.194792,
            height: 0.722656,
          },
          bodyParts: [
            {
              name: 'FACE',
              confidence: 98.421,
              equipment: [
                {
                  type: 'FACE_COVER',
                  confidence: 99.978,
                  coversBodyPart: true,
                  coversConfidence: 95.939,
                  boundingBox: {
                    left: 0.225349,
                    top: 0.357517,
                    width: 0.057568,
                    height: 0.078833,
                  },
                },
              ],
            },
            {
              name: 'LEFT_HAND',
              confidence: 92.425,
              equipment: [],
            },
            {
              name: 'RIGHT_HAND',
              confidence: 96.88,
              equipment: [],
            },
            {
              name: 'HEAD',
              confidence: 99.987,
              equipment: [
                {
                  type: 'HEAD_COVER',
                  confidence: 90.256,
                  coversBodyPart: true,
                  coversConfidence: 99.991,
                  boundingBox: {
                    left: 0.205294,
                    top: 0.265236,
                    width: 0.087276,
                    height: 0.094969,
                  },
                },
              ],
            },
          ],
        },
        {
          personId: 3,
          status: 'violation',
          missingEquipment: ['HAND_COVER'],
          uncertainEquipment: [],
          confidence: 99.989,
          boundingBox: {
            left: 0.31875,
            top: 0.292188,
            width: 0.185417,
            height: 0.6875,
          },
          bodyParts: [
            {
              name: 'FACE',
              confidence: 99.323,
              equipment: [
                {
                  type: 'FACE_COVER',
                  confidence: 99.984,
                  coversBodyPart: true,
                  coversConfidence: 98.565,
                  boundingBox: {
                    left: 0.380871,
                    top: 0.393161,
                    width: 0.055802,
                    height: 0.064051,
                  },
                },
              ],
            },
            {
              name: 'LEFT_HAND',
              confidence: 96.117,
              equipment: [],
            },
            {
              name: 'RIGHT_HAND',
              confidence: 80.493,
              equipment: [],
            },
            {
              name: 'HEAD',
              confidence: 99.919,
              equipment: [
                {
                  type: 'HEAD_COVER',
                  confidence: 98.81,
                  coversBodyPart: true,
                  coversConfidence: 99.693,
                  boundingBox: {
                    left: 0.366796,
                    top: 0.287503,
                    width: 0.081052,
                    height: 0.07953,
                  },
                },
              ],
            },
          ],
        },
      ],
      alert: true,
    },
  },
  FrameResultCompliant: {
    summary:
      'The same four workers with FACE_COVER required: the real Rekognition response and Summary, sent with an Idempotency-Key',
    value: {
      frameId: 'k-9b1f4e7a2c6d8035e1a4b7c9d2f60e18',
      cameraId: 'cam-01',
      location: 'plant-3/line-2',
      capturedAt: '2026-11-27T09:00:05.000Z',
      source: 'api',
      requiredEquipment: ['FACE_COVER'],
      minConfidence: 80,
      policy: 'default',
      status: 'compliant',
      modelVersion: '1.0',
      summary: {
        personsWithRequiredEquipment: [0, 1, 2, 3],
        personsWithoutRequiredEquipment: [],
        personsIndeterminate: [],
      },
      persons: [
        {
          personId: 0,
          status: 'compliant',
          missingEquipment: [],
          uncertainEquipment: [],
          confidence: 99.974,
          boundingBox: {
            left: 0.702604,
            top: 0.157031,
            width: 0.222917,
            height: 0.824219,
          },
          bodyParts: [
            {
              name: 'FACE',
              confidence: 99.077,
              equipment: [
                {
                  type: 'FACE_COVER',
                  confidence: 99.984,
                  coversBodyPart: true,
                  coversConfidence: 99.763,
                  boundingBox: {
                    left: 0.753747,
                    top: 0.260886,
                    width: 0.068054,
                    height: 0.093818,
                  },
                },
              ],
            },
            {
              name: 'LEFT_HAND',
              confidence: 99.257,
              equipment: [],
            },
            {
              name: 'RIGHT_HAND',
              confidence: 80.115,
              equipment: [],
            },
            {
              name: 'HEAD',
              confidence: 99.969,
              equipment: [
                {
                  type: 'HEAD_COVER',
                  confidence: 98.483,
                  coversBodyPart: true,
                  coversConfidence: 99.997,
                  boundingBox: {
                    left: 0.745578,
                    top: 0.162041,
                    width: 0.093582,
                    height: 0.107539,
                  },
                },
              ],
            },
          ],
        },
        {
          personId: 1,
          status: 'compliant',
          missingEquipment: [],
          uncertainEquipment: [],
          confidence: 99.996,
          boundingBox: {
            left: 0.494271,
            top: 0.242969,
            width: 0.219792,
            height: 0.742969,
          },
          bodyParts: [
            {
              name: 'FACE',
              confidence: 99.713,
              equipment: [
                {
                  type: 'FACE_COVER',
                  confidence: 99.961,
                  coversBodyPart: true,
                  coversConfidence: 96.604,
                  boundingBox: {
                    left: 0.577518,
                    top: 0.336714,
                    width: 0.057328,
                    height: 0.073234,
                  },
                },
              ],
            },
            {
              name: 'LEFT_HAND',
              confidence: 98.096,
              equipment: [],
            },
            {
              name: 'RIGHT_HAND',
              confidence: 95.691,
              equipment: [],
            },
            {
              name: 'HEAD',
              confidence: 99.997,
              equipment: [
                {
                  type: 'HEAD_COVER',
                  confidence: 97.718,
                  coversBodyPart: true,
                  coversConfidence: 99.945,
                  boundingBox: {
                    left: 0.564139,
                    top: 0.239458,
                    width: 0.079945,
                    height: 0.084795,
                  },
                },
              ],
            },
          ],
        },
        {
          personId: 2,
          status: 'compliant',
          missingEquipment: [],
          uncertainEquipment: [],
          confidence: 99.986,
          boundingBox: {
            left: 0.121875,
            top: 0.267969,
            width: 0.194792,
            height: 0.722656,
          },
          bodyParts: [
            {
              name: 'FACE',
              confidence: 98.421,
              equipment: [
                {
                  type: 'FACE_COVER',
                  confidence: 99.978,
                  coversBodyPart: true,
                  coversConfidence: 95.939,
                  boundingBox: {
                    left: 0.225349,
                    top: 0.357517,
                    width: 0.057568,
                    height: 0.078833,
                  },
                },
              ],
            },
            {
              name: 'LEFT_HAND',
              confidence: 92.425,
              equipment: [],
            },
            {
              name: 'RIGHT_HAND',
              confidence: 96.88,
              equipment: [],
            },
            {
              name: 'HEAD',
              confidence: 99.987,
              equipment: [
                {
                  type: 'HEAD_COVER',
                  confidence: 90.256,
                  coversBodyPart: true,
                  coversConfidence: 99.991,
                  boundingBox: {
                    left: 0.205294,
                    top: 0.265236,
                    width: 0.087276,
                    height: 0.094969,
                  },
                },
              ],
            },
          ],
        },
        {
          personId: 3,
          status: 'compliant',
          missingEquipment: [],
          uncertainEquipment: [],
          confidence: 99.989,
          boundingBox: {
            left: 0.31875,
            top: 0.292188,
            width: 0.185417,
            height: 0.6875,
          },
          bodyParts: [
            {
              name: 'FACE',
              confidence: 99.323,
              equipment: [
                {
                  type: 'FACE_COVER',
                  confidence: 99.984,
                  coversBodyPart: true,
                  coversConfidence: 98.565,
                  boundingBox: {
                    left: 0.380871,
                    top: 0.393161,
                    width: 0.055802,
                    height: 0.064051,
                  },
                },
              ],
            },
            {
              name: 'LEFT_HAND',
              confidence: 96.117,
              equipment: [],
            },
            {
              name: 'RIGHT_HAND',
              confidence: 80.493,
              equipment: [],
            },
            {
              name: 'HEAD',
              confidence: 99.919,
              equipment: [
                {
                  type: 'HEAD_COVER',
                  confidence: 98.81,
                  coversBodyPart: true,
                  coversConfidence: 99.693,
                  boundingBox: {
                    left: 0.366796,
                    top: 0.287503,
                    width: 0.081052,
                    height: 0.07953,
                  },
                },
              ],
            },
          ],
        },
      ],
      alert: false,
    },
  },
};
