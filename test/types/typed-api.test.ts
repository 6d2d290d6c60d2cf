/**
 * Runs the typed API's examples (typed-api.ts, whose type assertions and `@ts-expect-error` lines the
 * build checks): the values the types promise are there, and what does not compile also fails at run
 * time with a clear error.
 */
import { expect } from 'chai';
import { InvalidActionError, InvalidOptionsError, RegistryError } from '../../src/index.js';
import {
  acceleratorDesignIsTyped,
  coDesignIsTyped,
  searchEventsAreTyped,
  toyEnvironmentsAreTyped,
  unknownId,
  unknownNetwork,
  unknownOption,
  userEnvironmentIsTyped,
  wronglyShapedAction,
  wronglyShapedDesignAction,
} from './typed-api.js';

describe('the typed API', function () {
  this.timeout(60_000);

  it('makes environments whose info holds the design and its metrics', () => {
    const { latencyCycles, numPes, observation } = acceleratorDesignIsTyped();
    expect(numPes).to.equal(256);
    expect(latencyCycles).to.be.a('number').greaterThan(0);
    expect(observation).to.have.length(6);
    expect(toyEnvironmentsAreTyped()).to.deep.include({ distance: 6 });
    expect(coDesignIsTyped()).to.deep.equal({
      architectureKey: '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|',
      numPes: 256,
    });
  });

  it("gives search events with the environment's designs", async () => {
    const { reward, numPes, steps } = await searchEventsAreTyped();
    expect(reward).to.be.a('number').and.not.NaN;
    expect([16, 32, 64, 128, 256, 512]).to.include(numPes);
    expect(steps).to.equal(3);
  });

  it('types the environments users register and declare', () => {
    expect(userEnvironmentIsTyped()).to.deep.equal({ heads: true, untyped: { heads: true } });
  });

  it('throws at run time what does not compile', () => {
    expect(unknownId).to.throw(RegistryError, 'No environment registered as NoSuchEnv-v9');
    expect(unknownOption).to.throw(InvalidOptionsError, 'Invalid options for GridWalk-v0: unknown option `size` (options: width, height, slip)');
    expect(unknownNetwork).to.throw(InvalidOptionsError, 'expected a zoo network (vgg16, resnet50, mobilenet_v2, mnasnet, squeezenet) or a Network, actual: "resnet5"');
    expect(wronglyShapedAction).to.throw(InvalidActionError, 'Expects an action inside Discrete(4)');
    expect(wronglyShapedDesignAction).to.throw(InvalidActionError, 'Expects an action inside MultiDiscrete([6, 8, 9, 4])');
  });
});
