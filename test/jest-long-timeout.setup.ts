import { jest } from '@jest/globals';

// Integration, end-to-end and lab tests start databases, servers and BIRD processes.
jest.setTimeout(120_000);
